"""Plain-text ingest: encodings, BOMs, damaged bytes, empty and binary files (real files in tmp_path)."""

from __future__ import annotations

import os

import make_docs
import opencc
import pytest

from pipeline.ingest import ingest
from pipeline.ingest.text import canonical, decode_text, is_binary

SIMPLIFIED = "关于市十六届人大二次会议代表建议办理情况的报告\n今年共承办代表建议128件，已全部按时办复，办复率100%。"
TRADITIONAL = "關於市十六屆人大二次會議代表建議辦理情況的報告\n今年共承辦代表建議128件，已全部按時辦復，辦復率100%。"
#: A character outside GBK (CJK Extension A, four bytes in GB18030): only GB18030 round-trips it.
GB18030_ONLY = SIMPLIFIED + "\u3400"


@pytest.mark.parametrize(
    ("text", "encoding", "bom", "want_encoding", "want_flags"),
    [
        (SIMPLIFIED, "utf-8", False, "utf-8", ()),
        (SIMPLIFIED, "utf-8", True, "utf-8-sig", ("bom",)),
        (SIMPLIFIED, "utf-16-le", True, "utf-16-le", ("bom",)),
        (SIMPLIFIED, "utf-16-be", True, "utf-16-be", ("bom",)),
        (SIMPLIFIED, "gbk", False, "gb18030", ()),
        (SIMPLIFIED, "gb2312", False, "gb18030", ()),
        (GB18030_ONLY, "gb18030", False, "gb18030", ()),
        (TRADITIONAL, "big5", False, "big5", ()),
        (TRADITIONAL, "utf-8", False, "utf-8", ()),
    ],
)
def test_text_encodings(tmp_path, text, encoding, bom, want_encoding, want_flags):
    path = make_docs.make_text(text, tmp_path / "r.txt", encoding=encoding, bom=bom)
    report = ingest(str(path), path.read_bytes())
    assert report.ok, report.error
    assert report.format == "txt"
    assert report.original == text
    assert report.encoding == want_encoding
    assert report.flags == want_flags


def test_gbk_is_not_read_as_big5_or_korean(tmp_path):
    """Negative: unrestricted detection calls short GBK text cp949; ours must not."""
    path = make_docs.make_text(SIMPLIFIED[:30], tmp_path / "short.txt", encoding="gbk")
    report = ingest(str(path), path.read_bytes())
    assert report.encoding == "gb18030"
    assert report.original == SIMPLIFIED[:30]


def test_doc_id_is_content_hash_not_name(tmp_path):
    a = make_docs.make_text(SIMPLIFIED, tmp_path / "a.txt")
    b = make_docs.make_text(SIMPLIFIED, tmp_path / "b.txt")
    c = make_docs.make_text(SIMPLIFIED + "。", tmp_path / "c.txt")
    ids = [ingest(str(p), p.read_bytes()).doc_id for p in (a, b, c)]
    assert ids[0] == ids[1] != ids[2]
    assert len(ids[0]) == 16 and int(ids[0], 16) >= 0


def test_empty_file_is_failed_with_flag(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    report = ingest(str(path), path.read_bytes())
    assert report.status == "failed"
    assert report.error == "empty file"
    assert "empty" in report.flags


def test_whitespace_only_file_is_failed_with_flag():
    report = ingest("blank.txt", b" \n\t\r\n  ")
    assert report.status == "failed" and "whitespace" in report.error
    assert "empty" in report.flags


def test_replacement_chars_already_in_utf8_source_are_kept_and_flagged():
    text = "满意率达\ufffd\ufffd98%，办复率100%。"
    report = ingest("scraped.txt", text.encode("utf-8"))
    assert report.ok
    assert report.original == text
    assert "replacement_chars_in_source" in report.flags
    assert "decode_replacements" not in report.flags


def test_damaged_utf8_bytes_are_flagged_not_hidden():
    data = ("今年共承办代表建议128件。" * 40).encode("utf-8") + b"\xff\xfe\xfa" + "办复率100%。".encode("utf-8")
    report = ingest("damaged.txt", data)
    assert report.ok
    assert report.encoding == "utf-8"
    assert "decode_replacements" in report.flags
    assert report.original.endswith("办复率100%。")


def test_ascii_heavy_gbk_is_not_taken_for_damaged_utf8():
    """Negative for the damaged-UTF-8 rule: few non-ASCII bytes, but all of them GBK."""
    text = "Transport Bureau report 2023, total 86 items, reply rate 100%. Contact: 张伟\n" * 5
    report = ingest("mostly_ascii.txt", text.encode("gbk"))
    assert report.encoding == "gb18030"
    assert report.original == text
    assert "decode_replacements" not in report.flags


def test_utf16_without_bom_is_recognised():
    text = "Report 2023: 86 items (共86件), reply rate 100%.\n" * 4
    report = ingest("nobom.txt", text.encode("utf-16-le"))
    assert report.encoding == "utf-16-le"
    assert report.original == text


def test_clean_utf8_has_no_decode_flags():
    """Negative for the two replacement flags."""
    report = ingest("clean.txt", SIMPLIFIED.encode("utf-8"))
    assert report.flags == ()


def test_random_bytes_named_txt_are_unsupported_binary():
    data = bytes(range(256)) * 16
    report = ingest("noise.txt", data)
    assert report.status == "failed"
    assert report.error.startswith("unsupported format: binary")
    assert "named .txt" in report.error


@pytest.mark.parametrize(
    ("text", "binary"),
    [("".join(chr(i) for i in range(32)) * 10, True), (SIMPLIFIED + "\f\t\r\n", False), ("", False)],
)
def test_is_binary_table(text, binary):
    assert is_binary(text) is binary


@pytest.mark.parametrize(
    ("name", "want"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("cp936", "gb18030"), ("big5", "big5"), ("UTF8", "utf-8")],
)
def test_canonical_codec_names(name, want):
    assert canonical(name) == want


def test_dev_texts_round_trip_in_gbk_and_big5(dev_dir):
    """Every real dev text, re-encoded the way old sites serve it, decodes back exactly."""
    s2t = opencc.OpenCC("s2t")
    for path in sorted(dev_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gbk = text.encode("gbk", errors="ignore")
        big5 = s2t.convert(text).encode("big5", errors="ignore")
        for data, family in ((gbk, "gb18030"), (big5, "big5")):
            if len(data.decode(family)) < 40:  # a few characters cannot tell GBK from Big5
                continue
            decoded = decode_text(data)
            assert decoded.encoding in (family, "cp950", "big5hkscs"), (path.name, family, decoded.encoding)
            assert decoded.text == data.decode(decoded.encoding), path.name


def test_large_utf8_text_skips_detection(tmp_path):
    """A big UTF-8 file decodes in one pass: its encoding is utf-8 and nothing is flagged."""
    text = (SIMPLIFIED + "\n") * 20000
    path = make_docs.make_text(text, tmp_path / "big.txt")
    report = ingest(os.fspath(path), path.read_bytes())
    assert report.ok and report.encoding == "utf-8" and report.flags == ()
    assert len(report.original) == len(text)
