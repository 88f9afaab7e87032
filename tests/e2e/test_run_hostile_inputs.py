"""Hostile inputs of issue 10 (items 2-6, 8, 11) on a real `tiban run`: real files, real workers,
the dataset read back from disk. Each is beside good documents, which must come through untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd

GOOD = "某县人民政府关于市人大代表建议办理情况的报告\n今年共承办建议12件，办结率100%。\n"
TRAD = "某市人民政府關於市人大代表建議辦理情況的報告\n今年共承辦建議19件，辦結率100%。\n"
TIBAN = Path(sys.executable).with_name("tiban")


def _run(out: Path, *inputs: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(TIBAN), "run", *map(str, inputs), "-o", str(out), "-j", "2", "-q"],
                          capture_output=True, text=True, timeout=300)


def _reports(out: Path) -> dict[str, dict]:
    frame = pd.read_parquet(out / "reports.parquet")
    return {row["source"]: row for row in frame.to_dict("records")}


def _measures(out: Path, doc_id: str) -> set[tuple[str, float]]:
    frame = pd.read_parquet(out / "measures.parquet")
    return {(r.metric, r.value) for r in frame[frame.doc_id == doc_id].itertuples()}


def test_file_name_not_utf8_gives_two_rows_exit_0(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"p\xff.txt"), "wb") as fh:
        fh.write(GOOD.replace("12件", "13件").encode("utf-8"))
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    done = _run(tmp_path / "out", folder)
    assert done.returncode == 0, done.stderr
    reports = _reports(tmp_path / "out")
    bad = f"{folder}/p\\xff.txt"
    assert set(reports) == {bad, str(folder / "good.txt")}
    assert reports[bad]["status"] == "ok" and "source_name_not_utf8" in reports[bad]["flags"]
    assert ("items_total", 13.0) in _measures(tmp_path / "out", reports[bad]["doc_id"])
    again = subprocess.run([str(TIBAN), "run", str(folder), "-o", str(tmp_path / "out"), "-j", "1"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "2 already done" in again.stdout + again.stderr  # the rerun does not crash


def _bad_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("p\u00ff.txt", GOOD.replace("12件", "14件").encode())
        zf.writestr("dup.txt", GOOD.replace("12件", "15件").encode())
        zf.writestr("good.txt", GOOD.encode())
    with zipfile.ZipFile(path, "a") as zf, _quiet():
        zf.writestr("dup.txt", GOOD.replace("12件", "16件").encode())
    path.write_bytes(path.read_bytes().replace(b"p\xc3\xbf.txt", b"p\xff\xbf.txt"))
    return path


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)


def test_hostile_folder_every_input_a_row(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("root:x:0:0:must never be read\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "nul.txt").write_bytes(GOOD.replace("12件", "4\x007件").encode())
    lines = "".join(f'<font size="3">第{i}行\n<br>' for i in range(399))
    head, figure = GOOD.replace("12件", "18件").splitlines()
    (folder / "deep.html").write_text(f"<html><body><p>{head}</p>{lines}{figure}</body></html>", encoding="utf-8")
    (folder / "big5.html").write_bytes(f"<html><head><meta charset='gb2312'></head><body><p>{TRAD}</p></body></html>"
                                       .encode("big5"))
    (folder / "empty.txt").write_bytes("\ufeff\u200b\u200c".encode())
    _bad_zip(folder / "a.zip")
    done = _run(tmp_path / "out", folder)
    assert done.returncode == 1, done.stderr  # some inputs failed on purpose; the run finished
    reports = _reports(tmp_path / "out")
    assert reports[str(folder / "link.txt")]["status"] == "failed"
    assert "outside the input folder" in reports[str(folder / "link.txt")]["error"]
    assert reports[str(folder / "empty.txt")]["error"].startswith("empty file")
    assert "html_nesting_flattened" in reports[str(folder / "deep.html")]["flags"]
    assert "charset_mismatch" in reports[str(folder / "big5.html")]["flags"]
    want = {"good.txt": 12, "nul.txt": 47, "deep.html": 18, "big5.html": 19,
            "a.zip!p\\xff\\xbf.txt": 14, "a.zip!dup.txt": 15, "a.zip!dup.txt#2": 16, "a.zip!good.txt": 12}
    for name, total in want.items():
        row = reports[str(folder / name)]
        assert row["status"] == "ok", (name, row["error"])
        assert ("items_total", float(total)) in _measures(tmp_path / "out", row["doc_id"]), name
    assert len(reports) == len(want) + 2
    sections = pd.read_parquet(tmp_path / "out" / "sections.parquet")
    assert not sections["text"].str.contains("root:x").any()
