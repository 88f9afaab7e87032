"""GB18030 or Big5 when both decode (issue 10, item 5), on files the test writes.

Before: a Big5 page declared gb2312 came out as mojibake with status ok and no flag (every Big5
pair is valid GB18030); a Big5 .txt of ten characters or fewer was read as UTF-16-BE, cp1006 or
UTF-8 with replacements; short GBK text was read as Big5.
"""

from __future__ import annotations

import make_docs
import pytest

from pipeline.ingest import ingest
from pipeline.ingest.chinese import choose, native_share

TRADITIONAL = ["關於市人大代表建議辦理情況的報告", "今年共承辦建議四十七件，辦結率百分之百，滿意率98.5%。"]
SIMPLIFIED = ["关于市人大代表建议办理情况的报告", "今年共承办建议四十七件，办结率百分之百，满意率98.5%。"]


@pytest.mark.parametrize(
    ("paragraphs", "written_in", "declared", "want_encoding", "want_flag"),
    [
        (TRADITIONAL, "big5", "gb2312", "big5", "charset_mismatch"),  # the page
        (TRADITIONAL, "big5", "gbk", "big5", "charset_mismatch"),
        (TRADITIONAL, "big5", "gb18030", "big5", "charset_mismatch"),
        (SIMPLIFIED, "gbk", "big5", "gb18030", "charset_mismatch"),  # the mirror case, when Big5 decodes it
        (SIMPLIFIED, "gb2312", "gb2312", "gb18030", None),  # negative: true declarations stand
        (TRADITIONAL, "big5", "big5", "big5", None),
        (TRADITIONAL, "utf-8", "utf-8", "utf-8", None),
    ],
)
def test_declared_charset_checked_against_the_other_family(tmp_path, paragraphs, written_in, declared,
                                                           want_encoding, want_flag):
    path = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f'<html><head><meta charset="{declared}"><title>{paragraphs[0]}</title></head><body>{body}</body></html>'
    path.write_bytes(page.encode(written_in))
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert report.encoding == want_encoding
    assert all(p in report.original for p in paragraphs[1:])
    assert ("charset_mismatch" in report.flags) is (want_flag == "charset_mismatch")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("、府辦代、委百共）室", "big5"),  # was read as UTF-16-BE
        ("。作件1，9：", "big5"),  # was cp1006
        ("：於。報件（政", "big5"),  # was UTF-16-BE
        ("今公下議今做5。：（", "big5"),  # was UTF-8 with replacement characters
        ("主办", "gbk"),  # was Big5
        ("办结率", "gbk"),  # was Big5
        ("提案辦理報告", "big5"),  # negative: read right before, still right
        ("共承办建议", "gbk"),
    ],
)
def test_short_chinese_text_is_read_right_and_flagged_as_a_guess(tmp_path, text, encoding):
    path = make_docs.make_text(text, tmp_path / "s.txt", encoding=encoding)
    report = ingest(str(path), path.read_bytes())
    assert report.ok and report.original == text
    assert report.encoding == ("gb18030" if encoding == "gbk" else "big5")
    assert "charset_ambiguous" in report.flags or len(text) >= 16


def test_long_text_is_not_flagged(tmp_path):
    """Negative: 16 or more non-ASCII characters decide without a flag."""
    path = make_docs.make_text("\n".join(TRADITIONAL), tmp_path / "l.txt", encoding="big5")
    report = ingest(str(path), path.read_bytes())
    assert report.encoding == "big5" and "charset_ambiguous" not in report.flags


@pytest.mark.parametrize(
    ("data", "want"),
    [
        ("辦結率".encode("big5"), "big5"),
        ("办结率".encode("gbk"), "gb18030"),
        ("\u3400".encode("gb18030"), "gb18030"),  # only GB18030 decodes it: no comparison needed
        (b"\xff\xff", None),  # neither decodes
    ],
)
def test_choose(data, want):
    choice = choose(data)
    assert (choice.codec if choice else None) == want


def test_native_share_counts_non_ascii_only():
    assert native_share("abc办结", "gb") == (1.0, 2)
    assert native_share("abc", "big5") == (0.0, 0)
