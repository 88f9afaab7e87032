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

A source is *done* when its latest commit entry has the same size and mtime as the input now and its
status is not ``retry`` (a document failed for the installation's sake, e.g. an unreadable topic
model: `pipeline.errors.RETRIED`; its failed row is written, and replaced when it is redone); a
source committed again later (its file changed) makes its earlier entry *stale*: those rows are
filtered out of the older part at the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ManifestError

MANIFEST_NAME = "manifest.jsonl"
RETRY = "retry"  # the manifest status of a document to redo next run (failed for the installation's sake)
VERSION = 1
REBUILD_HINT = (
    "nothing was changed; the committed rows are still in the part files: run again with "
    "--rebuild-manifest to make a new manifest from them (the old one is kept beside it), or --force to start over"
)


def damaged_message(path: Path, what: str) -> str:
    """The one message of an untrusted manifest: which file, what is wrong, what to do."""
    return f"{path}: the manifest cannot be trusted: {what}; {REBUILD_HINT}"


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(what)


def check_line(line: object) -> dict:
    """`line` if it has the shape of one of the three kinds; ValueError naming what is wrong.

    WHY checked before applied: a valid-JSON line of the wrong shape used to raise KeyError/TypeError
    half-way through `_apply`, on every run, until edited by hand.
    """
    _need(isinstance(line, dict), "not a JSON object")
    kind = line.get("kind")
    if kind == "header":
        _need(isinstance(line.get("fmt"), str), "header without a format")
    elif kind == "commit":
        _need(isinstance(line.get("part"), str) and isinstance(line.get("docs"), list), "commit without part or docs")
        for doc in line["docs"]:
            _need(isinstance(doc, list) and len(doc) == 5, "a commit entry is not [source, doc_id, size, mtime_ns, status]")
            _need(all(isinstance(v, str) for v in (doc[0], doc[1], doc[4])), "a commit entry has a non-text field")
            _need(all(isinstance(v, int) for v in doc[2:4]), "a commit entry has a non-integer size or mtime")
    elif kind == "pruned":
        items = line.get("items")
        _need(isinstance(items, list), "pruned line without items")
        _need(all(isinstance(i, list) and len(i) == 2 and all(isinstance(v, str) for v in i) for i in items),
              "a pruned item is not [part, source]")
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return line


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
    _good: int | None = field(default=None, repr=False)  # bytes of the valid prefix `open` read

    @classmethod
    def open(cls, outdir: Path, repair: bool = True) -> "Manifest":
        """Read OUTDIR/manifest.jsonl (cutting off a bad last line); a missing file is an empty manifest.

        Raises ManifestError, changing nothing, when a line before the last is damaged: only the last
        line can be torn by a kill mid-append; damage anywhere else means lost commits.
        `repair=False` leaves the file as it is until `repair()` (so a run can first check the parts).
        """
        manifest = cls(path=Path(outdir) / MANIFEST_NAME)
        if manifest.path.exists():
            manifest._load()
            if repair:
                manifest.repair()
        return manifest

    def _load(self) -> None:
        with open(self.path, "rb") as fh:
            lines = fh.read().split(b"\n")
        complete, tail = lines[:-1], lines[-1]  # tail: bytes after the last newline (torn, or b"")
        good = 0  # byte length of the complete, valid prefix
        for number, raw in enumerate(complete, start=1):
            try:
                line = check_line(json.loads(raw))
            except ValueError as exc:
                if number < len(complete) or tail:
                    raise ManifestError(damaged_message(self.path, f"line {number} is damaged ({exc})")) from None
                break  # the last line, unreadable: the append a kill interrupted, never committed
            self._apply(line)
            good += len(raw) + 1
        self._good = good

    def repair(self) -> None:
        """Cut off the unreadable last line `open` found (before anything is appended after it)."""
        good = self._good
        if good is not None and self.path.exists() and good != self.path.stat().st_size:
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
        return entry is not None and entry.size == size and entry.mtime_ns == mtime_ns and entry.status != RETRY

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


def rebuild(outdir: Path, fmt: str, parts: list[tuple[str, list[tuple[str, str, str]]]]) -> Path | None:
    """Write a new manifest from `parts` (part id, [(source, doc_id, status)], in commit order).

    The old manifest, if any, is kept as ``manifest.jsonl.damaged-<ns>`` (returned). Sizes and mtimes
    are not in the parts: an entry gets the input's current ones when the file still hashes to its
    doc_id (so it counts as done), else -1 (it is processed again and its old rows replaced).
    """
    path = Path(outdir) / MANIFEST_NAME
    fresh = Manifest(path=path.with_name(f".{MANIFEST_NAME}.rebuild"))  # written whole, then renamed
    fresh.path.unlink(missing_ok=True)
    fresh.start(fmt)
    for part, docs in parts:
        fresh.commit(part, [Entry(source, doc_id, *_current(source, doc_id), status, part) for source, doc_id, status in docs])
    kept = None
    if path.exists():
        kept = path.with_name(f"{MANIFEST_NAME}.damaged-{time.time_ns()}")
        os.replace(path, kept)
    os.replace(fresh.path, path)
    return kept


def _current(source: str, doc_id: str) -> tuple[int, int]:
    """(size, mtime_ns) of `source` if it is a plain file whose bytes still hash to `doc_id`, else (-1, -1)."""
    try:
        st = os.stat(source)
        if not stat.S_ISREG(st.st_mode):
            return -1, -1
        digest = hashlib.sha256()
        with open(source, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except (OSError, ValueError):
        return -1, -1
    same = len(doc_id) == 16 and digest.hexdigest()[:16] == doc_id  # doc_id: the first 16 hex digits
    return (st.st_size, st.st_mtime_ns) if same else (-1, -1)
