"""HTML ingest: charset declared or detected, article text kept, boilerplate and scripts dropped."""

from __future__ import annotations

import make_docs
import pytest

from pipeline.ingest import ingest
from pipeline.ingest.detect import looks_like_html
from pipeline.ingest.html import declared_charset

PARAGRAPHS = [
    f"第{i}项：2023年本局共承办市人大代表建议{120 + i}件，其中主办{30 + i}件、协办{90}件，按时办复率100%。"
    for i in range(1, 7)
]
TITLE = "示例市交通运输局2023年建议提案办理工作总结"


def _read(path):
    return ingest(str(path), path.read_bytes())


@pytest.mark.parametrize(
    ("charset", "declare", "want_encoding", "want_flag"),
    [
        ("utf-8", True, "utf-8", None),
        ("utf-8", False, "utf-8", "charset_detected"),
        ("gbk", True, "gb18030", None),
        ("gbk", False, "gb18030", "charset_detected"),
        ("gb18030", True, "gb18030", None),
    ],
)
def test_html_charsets(tmp_path, charset, declare, want_encoding, want_flag):
    path = make_docs.make_html(
        PARAGRAPHS, tmp_path / "page.html", title=TITLE, charset=charset, declare_charset=declare
    )
    report = _read(path)
    assert report.ok, report.error
    assert report.format == "html"
    assert report.encoding == want_encoding
    for paragraph in PARAGRAPHS:
        assert paragraph in report.original
    assert (want_flag in report.flags) if want_flag else not report.flags


def test_html_drops_scripts_styles_footer_and_keeps_paragraph_breaks(tmp_path):
    report = _read(make_docs.make_html(PARAGRAPHS, tmp_path / "page.html", title=TITLE))
    assert "analytics-should-not-appear" not in report.original
    assert "font-family" not in report.original
    assert make_docs.HTML_BOILERPLATE_FOOTER not in report.original
    for nav in make_docs.HTML_BOILERPLATE_NAV:
        assert nav not in report.original.splitlines()
    assert f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}" in report.original


def test_html_title_goes_to_meta(tmp_path):
    report = _read(make_docs.make_html(PARAGRAPHS, tmp_path / "page.html", title=TITLE))
    assert dict(report.meta)["html_title"] == TITLE
    assert report.title is None  # the extract stage decides the final title


def test_page_that_lies_about_its_charset_is_detected_and_flagged():
    """Declared utf-8, bytes are GBK (built by hand: make_html always tells the truth)."""
    markup = (
        '<html><head><meta charset="utf-8"><title>t</title></head><body><article>'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    report = ingest("liar.html", markup.encode("gbk"))
    assert report.ok
    assert report.encoding == "gb18030"
    assert "charset_mismatch" in report.flags
    assert PARAGRAPHS[2] in report.original


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252"])
def test_chinese_page_declaring_latin1_is_detected(declared):
    markup = f'<html><head><meta charset="{declared}"></head><body><article>' + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS
    )
    report = ingest("latin.html", (markup + "</article></body></html>").encode("gbk"))
    assert report.encoding == "gb18030"
    assert "charset_mismatch" in report.flags
    assert PARAGRAPHS[0] in report.original


def test_western_page_declaring_latin1_keeps_it():
    """Negative: a real Latin-1 page stays Latin-1."""
    text = "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve d\u00e9j\u00e0 vu. " * 20
    markup = f'<html><head><meta charset="iso-8859-1"></head><body><article><p>{text}</p></article></body></html>'
    report = ingest("latin.html", markup.encode("latin-1"))
    assert report.encoding in ("latin-1", "iso8859-1")
    assert "charset_mismatch" not in report.flags
    assert "Caf\u00e9" in report.original


def test_html_without_text_is_failed():
    page = b"<!DOCTYPE html><html><head><title></title></head><body><script>x=1</script></body></html>"
    report = ingest("empty.html", page)
    assert report.status == "failed"
    assert "no text in HTML" in report.error


def test_html_named_txt_is_still_html(tmp_path):
    path = make_docs.make_html(PARAGRAPHS, tmp_path / "saved.txt")
    report = _read(path)
    assert report.format == "html"
    assert "extension_mismatch" not in report.flags  # browsers save pages as .txt: not alarming


@pytest.mark.parametrize(
    ("data", "is_html"),
    [
        (b"<!DOCTYPE html><p>x</p>", True),
        (b"\n\n  <HTML lang='zh'>", True),
        (b"<div class='a'>text</div>", True),
        ("<p>正文</p>".encode("utf-16"), True),
        ("《关于建议办理情况的报告》\n正文".encode(), False),
        ("<一>加强组织领导\n<二>狠抓落实".encode(), False),
        (b"a < b and b > c", False),
    ],
)
def test_looks_like_html_table(data, is_html):
    assert looks_like_html(data) is is_html


@pytest.mark.parametrize(
    ("head", "want"),
    [
        (b'<meta charset="gb2312">', "gb2312"),
        (b"<META http-equiv='Content-Type' content='text/html; charset=GBK'>", "GBK"),
        (b"<meta name='x' content='charset is not declared here'>", None),
        (b"<html><head><title>x</title></head>", None),
    ],
)
def test_declared_charset_table(head, want):
    assert declared_charset(head) == want
