"""Finding inputs: files, folders (recursive, sorted) and zip archives (nested too), safely.

Archive members are read into memory, never extracted, so a member named ``../evil.txt`` or
``/etc/passwd`` is only a string in `Input.source`: nothing is ever written anywhere. Every limit
(member count, total and per-member uncompressed size, compression ratio, nesting depth) is
checked from the central directory BEFORE a byte is decompressed, and reading re-checks sizes
because a directory can lie. A broken or dangerous archive becomes an `Input` with `error` set,
so the batch records one failed row and goes on.

Skipped on purpose (never documents): directory entries, macOS resource forks (``__MACOSX/``,
``._name``), and desktop junk (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``), and files whose extension says
they are not documents (corpora/ingest/skip_extensions.txt: gold ``.json``, ``.py``, ``.md`` ...), both
inside archives and in folders; in folder walks also hidden files and folders (``.git/``).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from pipeline.errors import IngestError, UsageError
from pipeline.ingest.detect import is_zip_magic, zip_kind
from pipeline.record import Input
from pipeline import data

JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
JUNK_DIRS = frozenset({"__MACOSX"})
SEPARATOR = "!"
_CHUNK = 1 << 20  # 1 MiB reads keep memory flat while a member streams in


@dataclass(frozen=True)
class ZipLimits:
    """Safety limits for archives; the defaults leave real report archives far inside them.

    Evidence: report texts compress 1.4-2x with deflate (dev corpus), a DOCX's XML parts up to
    ~32x (python-docx's default styles.xml), PDFs ~1x; deflate cannot exceed ~1032x, which only
    bombs approach, so 100x flags bombs without touching documents. The ratio is only judged on
    members above 1 MiB: a tiny file of repeated characters legitimately compresses far better.
    The largest scanned-report PDFs we know of are tens of MiB, hence 256 MiB per member.
    """

    max_members: int = 10_000
    max_total_bytes: int = 2 * 1024**3
    max_member_bytes: int = 256 * 1024**2
    max_ratio: float = 100.0
    ratio_min_bytes: int = 1024**2
    max_depth: int = 3  # archive levels: a.zip!b.zip!c.zip!x is allowed, a fourth zip is not


def _mib(n: int) -> str:
    """A size people can read in an error message."""
    return f"{n / 1024**2:.1f} MiB" if n >= 1024**2 else f"{n / 1024:.1f} KiB"


@lru_cache(maxsize=1)
def skip_extensions() -> frozenset[str]:
    """Extensions never walked as documents (gold JSON, code, notes): corpora/ingest/skip_extensions.txt."""
    return frozenset("." + ext.strip().lower().lstrip(".") for ext in data.skip_extensions())


def is_junk(name: str) -> bool:
    """Resource forks, desktop metadata, anything under __MACOSX/, and files that are not documents."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    base = parts[-1] if parts else ""
    if PurePosixPath(base).suffix.lower() in skip_extensions():
        return True
    return base in JUNK_NAMES or base.startswith("._") or any(p in JUNK_DIRS for p in parts)


def member_problem(info: zipfile.ZipInfo, limits: ZipLimits) -> str | None:
    """Why a member must not be read (size, ratio, encryption), judged from its directory entry."""
    if info.flag_bits & 0x1:
        return "encrypted zip member: a password is needed to read it"
    if info.file_size > limits.max_member_bytes:
        return f"zip member too large: {_mib(info.file_size)} uncompressed > limit {_mib(limits.max_member_bytes)}"
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_min_bytes and ratio > limits.max_ratio:
        return (
            f"zip bomb suspected: member compresses {ratio:.0f}:1 "
            f"({_mib(info.file_size)} from {_mib(info.compress_size)}), limit {limits.max_ratio:.0f}:1"
        )
    return None


def archive_problem(zf: zipfile.ZipFile, limits: ZipLimits) -> str | None:
    """Why a whole archive must not be opened further (member count, total uncompressed size)."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        return f"zip archive has {len(infos)} members > limit {limits.max_members}"
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        return f"zip archive expands to {_mib(total)} > limit {_mib(limits.max_total_bytes)}"
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits) -> bytes:
    """A member's bytes, streamed with a cap: a directory that lies about sizes cannot blow memory."""
    problem = member_problem(info, limits)
    if problem:
        raise IngestError(problem)
    cap = min(info.file_size, limits.max_member_bytes)
    buf = io.BytesIO()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if buf.tell() + len(chunk) > cap:
                    raise IngestError(f"zip member {info.filename} expands beyond its declared {info.file_size} bytes")
                buf.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise IngestError(f"corrupt zip member {info.filename}: {exc}") from exc
    return buf.getvalue()


def _peek(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member (decompresses a few KiB at most), to spot nested zips."""
    try:
        with zf.open(info) as stream:
            return stream.read(4)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        return b""


def _nested(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, path: str, chain: str, depth: int,
            limits: ZipLimits) -> Iterator[Input]:
    """Inputs of a zip inside a zip, or one errored Input when it is too deep or broken."""
    if depth >= limits.max_depth:
        yield Input(source, path, chain, info.file_size, f"nested zip depth exceeds limit {limits.max_depth}")
        return
    try:
        inner = zipfile.ZipFile(io.BytesIO(read_member(zf, info, limits)))
    except (IngestError, zipfile.BadZipFile) as exc:
        yield Input(source, path, chain, info.file_size, f"corrupt nested zip: {exc}")
        return
    with inner:
        if zip_kind(inner) != "zip":  # a DOCX (or other package) inside the archive is a document
            yield Input(source, path, chain, info.file_size)
            return
        yield from _members(inner, source, path, chain, depth + 1, limits)


def _members(zf: zipfile.ZipFile, source: str, path: str, chain: str | None, depth: int,
             limits: ZipLimits) -> Iterator[Input]:
    """Inputs for the members of an open archive at nesting `depth` (1 = the file on disk)."""
    problem = archive_problem(zf, limits)
    if problem:
        yield Input(source, path, chain, 0, problem)
        return
    infos = sorted((i for i in zf.infolist() if not i.is_dir() and not is_junk(i.filename)), key=lambda i: i.filename)
    if not infos:  # one failed row, so an archive never vanishes from the dataset unnoticed
        yield Input(source, path, chain, 0, "empty zip archive: no documents inside")
    for info in infos:
        src = f"{source}{SEPARATOR}{info.filename}"
        member = info.filename if chain is None else f"{chain}{SEPARATOR}{info.filename}"
        problem = member_problem(info, limits)
        if problem:
            yield Input(src, path, member, info.file_size, problem)
        elif is_zip_magic(_peek(zf, info)):
            yield from _nested(zf, info, src, path, member, depth, limits)
        else:
            yield Input(src, path, member, info.file_size)


def _file_inputs(path: Path, limits: ZipLimits) -> Iterator[Input]:
    """One Input for a document, or one per member when the file is a zip archive (by content)."""
    source = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        yield Input(source, source, None, 0, f"cannot read: {exc.strerror or exc}")
        return
    if not is_zip_magic(head):
        yield Input(source, source, None, size)
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield Input(source, source, None, size, f"corrupt zip archive: {exc}")
        return
    with zf:
        if zip_kind(zf) != "zip":
            yield Input(source, source, None, size)
        else:
            yield from _members(zf, source, source, None, 1, limits)


def folder_files(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted by relative path, symlinked dirs not followed.

    Junk and hidden entries (".git/", ".gitattributes", ".ipynb_checkpoints/") are skipped in a
    folder walk: they are tool metadata, never documents. A hidden file named on the command
    line is still read.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in JUNK_DIRS and not d.startswith(".")]
        found.extend(Path(root) / f for f in files if not is_junk(f) and not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _walk(paths: list[Path], limits: ZipLimits) -> Iterator[Input]:
    for path in paths:
        for file in folder_files(path) if path.is_dir() else [path]:
            yield from _file_inputs(file, limits)


def discover(inputs: Iterable[str], limits: ZipLimits | None = None) -> Iterator[Input]:
    """Inputs for files, folders and zip archives; raises UsageError at once for a missing path."""
    paths = [Path(item) for item in inputs]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
    return _walk(paths, limits or ZipLimits())


def _resolve(zf: zipfile.ZipFile, chain: str, limits: ZipLimits, depth: int) -> bytes:
    """Bytes of the member `chain` names ("inner.zip!x.txt"); the longest matching name wins, so
    member names containing "!" still resolve."""
    names = [n for n in zf.namelist() if chain == n or chain.startswith(n + SEPARATOR)]
    if not names:
        raise IngestError(f"no member {chain!r} in archive")
    name = max(names, key=len)
    data = read_member(zf, zf.getinfo(name), limits)
    if name == chain:
        return data
    if depth >= limits.max_depth:
        raise IngestError(f"nested zip depth exceeds limit {limits.max_depth}")
    try:
        inner = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise IngestError(f"corrupt nested zip {name}: {exc}") from exc
    with inner:
        return _resolve(inner, chain[len(name) + 1 :], limits, depth + 1)


def load_bytes(inp: Input, limits: ZipLimits | None = None) -> bytes:
    """The bytes of a file or archive member (held in memory), re-checking limits while reading."""
    if inp.member is None:
        return Path(inp.path).read_bytes()
    try:
        zf = zipfile.ZipFile(inp.path)
    except zipfile.BadZipFile as exc:
        raise IngestError(f"corrupt zip archive {inp.path}: {exc}") from exc
    with zf:
        limits = limits or ZipLimits()
        problem = archive_problem(zf, limits)
        if problem:
            raise IngestError(problem)
        return _resolve(zf, inp.member, limits, 1)
