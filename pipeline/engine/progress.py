"""Progress of a run: a redrawn bar on a terminal, plain periodic log lines otherwise, nothing with quiet.

WHY two modes: a bar made of carriage returns is unreadable in a CI log or a file, and a log line
per document floods it; so off a terminal one line every `LOG_EVERY` seconds says the same.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW = 0.2  # seconds between bar redraws: smooth for a person, negligible cost
LOG_EVERY = 10.0  # seconds between log lines off a terminal: ~6 lines a minute reads well in CI logs
WIDTH = 28  # bar cells; leaves room for the figures on an 80-column terminal


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    """Counts finished documents and shows done/total, docs per second, ETA and failures so far."""

    def __init__(self, total: int, quiet: bool = False, stream: TextIO | None = None):
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, ok: bool) -> None:
        """One more document finished."""
        self.done += 1
        self.failed += 0 if ok else 1
        now = time.monotonic()
        every = REDRAW if self.tty else LOG_EVERY
        if not self.quiet and (now - self._last >= every or self.done == self.total):
            self._last = now
            self._show(now)

    def line(self, now: float | None = None) -> str:
        """The figures: '120/1000 docs  8.3 docs/s  ETA 1m46s  2 failed'."""
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return f"{self.done}/{self.total} docs  {rate:.1f} docs/s  ETA {_duration(left)}  {self.failed} failed"

    def _show(self, now: float) -> None:
        if self.tty:
            filled = int(WIDTH * self.done / self.total) if self.total else WIDTH
            bar = "#" * filled + "." * (WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.line(now)}\x1b[K")
        else:
            self.stream.write(f"tiban: {self.line(now)}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line so the summary starts on a fresh one."""
        if not self.quiet and self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
