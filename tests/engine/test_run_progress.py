"""pipeline.engine.progress: a bar on a terminal, log lines elsewhere, nothing when quiet."""

from __future__ import annotations

import io

from pipeline.engine.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_gets_a_redrawn_bar_with_counts_and_failures():
    out = _Tty()
    p = Progress(3, stream=out)
    for ok in (True, False, True):
        p.update(ok)
    p.close()
    text = out.getvalue()
    assert text.startswith("\r[") and "3/3 docs" in text and "1 failed" in text and "ETA" in text
    assert "docs/s" in text and text.endswith("\n")


def test_log_stream_gets_plain_lines_not_carriage_returns():
    out = io.StringIO()
    p = Progress(2, stream=out)
    p.update(True)
    p.update(True)
    p.close()
    lines = out.getvalue().splitlines()
    assert lines and all(line.startswith("tiban: ") for line in lines) and "\r" not in out.getvalue()
    assert lines[-1].startswith("tiban: 2/2 docs")


def test_quiet_writes_nothing():
    out = _Tty()
    p = Progress(2, quiet=True, stream=out)
    p.update(True)
    p.update(False)
    p.close()
    assert out.getvalue() == "" and p.failed == 1
