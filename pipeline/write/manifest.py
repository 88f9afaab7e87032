"""OUTDIR/manifest.jsonl: the append-only record of which documents are in the dataset, and in which part.

WHY a manifest: a run can be killed at any moment (SIGKILL included). Rows are first written to
hidden temporary part files; only after they are on disk is one manifest line appended (and
fsynced) naming the part id and the documents in it; only then are the temporary files renamed
to their visible names. So on the next run:

* a temporary part whose id has no manifest line was never committed: it is deleted and its
  documents are simply processed again (nothing twice);
* a temporary part whose id *has* a manifest line was committed but not yet renamed: the rename
  is finished (roll forward, nothing lost);
* a torn last line (killed mid-write) is cut off before anything is appended after it.

Line kinds (JSON objects, one per line):

* ``{"kind": "header", "fmt": "parquet", "version": 1}`` — first line; the dataset format.
* ``{"kind": "commit", "part": ID, "docs": [[source, doc_id, size, mtime_ns, status], ...]}``
* ``{"kind": "pruned", "items": [[part, source], ...]}`` — stale rows of a changed input were
  removed from that part (see `Manifest.stale`).

A source is *done* when its latest commit entry has the same size and mtime as the input now; a
source committed again later (its file changed) makes its earlier entry *stale*: those rows are
filtered out of the older part at the end of the run.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.jsonl"
VERSION = 1


@dataclass(frozen=True)
class Entry:
    """One committed document: where it came from, what it hashed to, in which part its rows are."""

    source: str
    doc_id: str
    size: int
    mtime_ns: int
    status: str
    part: str


@dataclass
class Manifest:
    """The state read back from manifest.jsonl plus an append handle for new commits."""

    path: Path
    fmt: str | None = None
    live: dict[str, Entry] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)
    stale: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def open(cls, outdir: Path) -> "Manifest":
        """Read OUTDIR/manifest.jsonl (cutting off a torn last line); a missing file is an empty manifest."""
        manifest = cls(path=Path(outdir) / MANIFEST_NAME)
        if manifest.path.exists():
            manifest._load()
        return manifest

    def _load(self) -> None:
        good = 0  # byte length of the complete, parseable prefix
        with open(self.path, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # torn by a kill mid-write: never committed
                try:
                    self._apply(json.loads(raw))
                except ValueError:
                    break
                good += len(raw)
        if good != self.path.stat().st_size:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
                os.fsync(fh.fileno())

    def _apply(self, line: dict) -> None:
        kind = line.get("kind")
        if kind == "header":
            self.fmt = line["fmt"]
        elif kind == "commit":
            part = line["part"]
            self.parts.add(part)
            for source, doc_id, size, mtime_ns, status in line["docs"]:
                old = self.live.get(source)
                if old is not None:
                    self.stale[old.part].add((source, old.doc_id))
                self.live[source] = Entry(source, doc_id, size, mtime_ns, status, part)
        elif kind == "pruned":
            for part, source in line["items"]:
                self.stale[part] = {item for item in self.stale.get(part, set()) if item[0] != source}
                if not self.stale[part]:
                    del self.stale[part]

    def is_done(self, source: str, size: int, mtime_ns: int) -> bool:
        """True when `source` was committed with this size and mtime (the cheap stand-in for its hash)."""
        entry = self.live.get(source)
        return entry is not None and entry.size == size and entry.mtime_ns == mtime_ns

    def live_doc_ids(self, part: str) -> set[str]:
        """doc_ids whose live entry is in `part` (rows of these must stay when pruning stale ones)."""
        return {e.doc_id for e in self.live.values() if e.part == part}

    def start(self, fmt: str) -> None:
        """Write the header of a new manifest (the dataset's format is fixed from then on)."""
        if self.fmt is None:
            self.fmt = fmt
            self._append({"kind": "header", "fmt": fmt, "version": VERSION})

    def commit(self, part: str, entries: list[Entry]) -> None:
        """Record that `part` (already fsynced under its temporary names) holds `entries`."""
        docs = [[e.source, e.doc_id, e.size, e.mtime_ns, e.status] for e in entries]
        self._append({"kind": "commit", "part": part, "docs": docs})
        self._apply({"kind": "commit", "part": part, "docs": docs})

    def pruned(self, items: list[tuple[str, str]]) -> None:
        """Record that the stale rows of these (part, source) pairs are gone from their parts."""
        if items:
            line = {"kind": "pruned", "items": [list(item) for item in items]}
            self._append(line)
            self._apply(line)

    def _append(self, line: dict) -> None:
        """Append one line and fsync: the line is the commit point, it must survive a power cut."""
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        with open(self.path, "ab") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
