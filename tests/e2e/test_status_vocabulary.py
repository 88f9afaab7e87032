"""Every error a run produces is of a kind in the declared vocabulary (pipeline.errors.ERROR_KINDS).

A real run over hostile inputs the test writes (beside good documents), with the engine's own faults
made real by the test hooks (a document that sleeps past --timeout, one that allocates past
--max-memory, one whose worker dies): each failed row's error maps to the kind it is, and the
README's table of the vocabulary is the one the code declares.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from run_helpers import invented_text

from pipeline.batch import run
from pipeline.errors import ERROR_KINDS, STATUSES, error_kind, vocabulary_markdown

REPO = Path(__file__).resolve().parents[2]


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _nested(depth: int) -> bytes:
    data = _zip({"a.txt": invented_text(1).encode("utf-8")})
    for _ in range(depth):
        data = _zip({"inner.zip": data})
    return data


INPUTS: dict[str, tuple[bytes, str | None]] = {  # file name → (bytes, expected kind; None: ok)
    "good.txt": (invented_text(1).encode("utf-8"), None),
    "empty.txt": (b"", "empty"),
    "spaces.txt": (b"   \n\n ", "empty"),
    "binary.bin": (bytes(range(256)) * 4, "unsupported"),
    "image.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "unsupported"),
    "broken.pdf": (b"%PDF-1.4\n" + b"garbage " * 50 + b"\n%%EOF\n", "corrupt"),
    "cut.pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "corrupt"),
    "broken.docx": (b"PK\x03\x04" + b"\0" * 40, "corrupt"),
    "bomb.zip": (_zip({"big.txt": b"0" * 30_000_000}), "unsafe"),
    "deep.zip": (_nested(6), "unsafe"),
    "hollow.zip": (_zip({}), "empty"),
    "sleeps.txt": (b"#tiban-test:sleep=30\n" + invented_text(2).encode("utf-8"), "timeout"),
    "grows.txt": (b"#tiban-test:alloc=2000\n" + invented_text(3).encode("utf-8"), "out_of_memory"),
    "dies.txt": (b"#tiban-test:exit\n" + invented_text(4).encode("utf-8"), "crash"),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("vocab")
    (folder / "in").mkdir()
    for name, (data, _) in INPUTS.items():
        (folder / "in" / name).write_bytes(data)
    (folder / "in" / "gone.txt").symlink_to(folder / "in" / "nowhere.txt")  # a file that cannot be read
    (folder / "in" / "out.txt").symlink_to(folder / "outside.txt")  # a link out of the input folder
    (folder / "outside.txt").write_text("共承办提案3件。", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIBAN_TEST_HOOKS", "1")
        run([str(folder / "in")], folder / "out", jobs=2, timeout=3, max_memory=900 * 1024**2, quiet=True)
    return pd.read_parquet(folder / "out" / "reports.parquet")


def test_every_error_of_a_run_maps_to_its_kind(reports):
    expected = {name: kind for name, (_, kind) in INPUTS.items()}
    seen = {}
    for source, status, error in zip(reports["source"], reports["status"], reports["error"]):
        name = Path(source.split("!")[0]).name
        assert status in STATUSES
        seen[name] = (error_kind(error), error)
        assert (status == "ok") == (seen[name][0] is None), (name, error)
    wrong = {name: seen.get(name) for name, kind in expected.items() if seen.get(name, (0,))[0] != kind}
    assert not wrong
    assert "gone.txt" not in seen or seen["gone.txt"][0] in ("unreadable", "empty")
    assert seen["out.txt"][0] == "unsafe"
    assert all(kind in ERROR_KINDS for kind, _ in seen.values() if kind)


@pytest.mark.parametrize("error, kind", [
    ("timeout: the document took longer than --timeout (60 s); worker stopped", "timeout"),
    ("memory: the document needed more than --max-memory (2.00 GiB); worker stopped", "out_of_memory"),
    ("worker died while processing the document (exit code -6)", "crash"),
    ("classify failed: topic model: models/topics.skops: not a skops model file (x)", "environment"),
    ("extract failed: KeyError: 'x' at measures.py:12", "internal"),
    ("cannot read: Permission denied", "unreadable"),
    ("encrypted PDF: a password is needed to read it", "encrypted"),
    ("encrypted zip member: a password is needed to read it", "encrypted"),
    ("no text layer: scanned? (3 page(s) without extractable text)", "no_text_layer"),
    ("zip member a.txt expands beyond its declared 3 bytes", "unsafe"),
    ("nested zip depth exceeds limit 3", "unsafe"),
    ("corrupt nested zip: bad magic", "corrupt"),
    (None, None),  # an ok row
    ("", None),
    ("something no producer writes", None),  # unknown: the run test above would catch a new producer
])
def test_error_kind_table(error, kind):
    assert error_kind(error) == kind


def test_readme_lists_the_vocabulary_the_code_declares():
    assert vocabulary_markdown() in (REPO / "README.md").read_text(encoding="utf-8")
