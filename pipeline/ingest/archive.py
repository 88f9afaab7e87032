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
Folder walks (links out of the folder, unlistable subfolders, names that are not UTF-8) are
`pipeline.ingest.folders`; member names that are not UTF-8 and duplicate member names (kept
both, the second as ``name#2``) are `pipeline.ingest.zipnames`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import IngestError, UsageError
from pipeline.ingest.detect import is_zip_magic, zip_kind
from pipeline.ingest.folders import (  # noqa: F401  (re-exported: archive.is_junk, folder_files ...)
    JUNK_DIRS,
    JUNK_NAMES,
    NAME_NOT_UTF8,
    folder_entries,
    folder_files,
    is_junk,
    skip_extensions,
    source_name,
)
from pipeline.ingest.zipnames import from_bytes, member_names, open_zip
from pipeline.record import Input

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
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError, zlib.error) as exc:
        raise IngestError(f"corrupt zip member {info.filename}: {exc}") from exc
    return buf.getvalue()


def _peek(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member (decompresses a few KiB at most), to spot nested zips."""
    try:
        with zf.open(info) as stream:
            return stream.read(4)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError, ValueError, zlib.error):
        return b""


def _nested(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, path: str, chain: str, depth: int,
            limits: ZipLimits, flags: tuple[str, ...]) -> Iterator[Input]:
    """Inputs of a zip inside a zip, or one errored Input when it is too deep or broken."""
    if depth >= limits.max_depth:
        yield Input(source, path, chain, info.file_size, f"nested zip depth exceeds limit {limits.max_depth}", flags)
        return
    try:
        inner = from_bytes(read_member(zf, info, limits))
    except (IngestError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield Input(source, path, chain, info.file_size, f"corrupt nested zip: {exc}", flags)
        return
    with inner:
        if zip_kind(inner) != "zip":  # a DOCX (or other package) inside the archive is a document
            yield Input(source, path, chain, info.file_size, None, flags)
            return
        yield from _members(inner, source, path, chain, depth + 1, limits, flags)


def _is_dir(info: zipfile.ZipInfo) -> bool:
    """ZipInfo.is_dir without its IndexError on an empty name (a name of NUL bytes: zipfile cuts a
    name at its first NUL; found by bench/fuzz_ingest.py, it stopped discovery)."""
    return info.filename.endswith("/")


def _members(zf: zipfile.ZipFile, source: str, path: str, chain: str | None, depth: int,
             limits: ZipLimits, flags: tuple[str, ...] = ()) -> Iterator[Input]:
    """Inputs for the members of an open archive at nesting `depth` (1 = the file on disk)."""
    problem = archive_problem(zf, limits)
    if problem:
        yield Input(source, path, chain, 0, problem, flags)
        return
    named = [(n, i) for n, i in member_names(zf) if not _is_dir(i) and not is_junk(i.filename)]
    named.sort(key=lambda pair: pair[0])
    if not named:  # one failed row, so an archive never vanishes from the dataset unnoticed
        yield Input(source, path, chain, 0, "empty zip archive: no documents inside", flags)
    undecodable = getattr(zf, "undecodable", frozenset())
    for name, info in named:
        src = f"{source}{SEPARATOR}{name}"
        member = name if chain is None else f"{chain}{SEPARATOR}{name}"
        mflags = (*flags, NAME_NOT_UTF8) if info.filename in undecodable and NAME_NOT_UTF8 not in flags else flags
        problem = member_problem(info, limits)
        if problem:
            yield Input(src, path, member, info.file_size, problem, mflags)
        elif is_zip_magic(_peek(zf, info)):
            yield from _nested(zf, info, src, path, member, depth, limits, mflags)
        else:
            yield Input(src, path, member, info.file_size, None, mflags)


def _file_inputs(path: Path, limits: ZipLimits) -> Iterator[Input]:
    """One Input for a document, or one per member when the file is a zip archive (by content)."""
    source, flags = source_name(str(path))
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        yield Input(source, str(path), None, 0, f"cannot read: {exc.strerror or exc}", flags)
        return
    if not is_zip_magic(head):
        yield Input(source, str(path), None, size, None, flags)
        return
    try:
        zf = open_zip(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield Input(source, str(path), None, size, f"corrupt zip archive: {exc}", flags)
        return
    with zf:
        if zip_kind(zf) != "zip":
            yield Input(source, str(path), None, size, None, flags)
        else:
            yield from _members(zf, source, str(path), None, 1, limits, flags)


def _walk(paths: list[Path], limits: ZipLimits) -> Iterator[Input]:
    for path in paths:
        for file, why in folder_entries(path) if path.is_dir() else [(path, None)]:
            if why is None:
                yield from _file_inputs(file, limits)
            else:
                source, flags = source_name(str(file))
                yield Input(source, str(file), None, 0, why, flags)


def discover(inputs: Iterable[str], limits: ZipLimits | None = None) -> Iterator[Input]:
    """Inputs for files, folders and zip archives; raises UsageError at once for a missing path."""
    paths = [Path(item) for item in inputs]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
    return _walk(paths, limits or ZipLimits())


def _resolve(zf: zipfile.ZipFile, chain: str, limits: ZipLimits, depth: int) -> bytes:
    """Bytes of the member `chain` names ("inner.zip!x.txt", names as member_names gives them); the
    longest matching name wins, so member names containing "!" still resolve."""
    named = dict(member_names(zf))
    names = [n for n in named if chain == n or chain.startswith(n + SEPARATOR)]
    if not names:
        raise IngestError(f"no member {chain!r} in archive")
    name = max(names, key=len)
    data = read_member(zf, named[name], limits)
    if name == chain:
        return data
    if depth >= limits.max_depth:
        raise IngestError(f"nested zip depth exceeds limit {limits.max_depth}")
    try:
        inner = from_bytes(data)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise IngestError(f"corrupt nested zip {name}: {exc}") from exc
    with inner:
        return _resolve(inner, chain[len(name) + 1 :], limits, depth + 1)


def load_bytes(inp: Input, limits: ZipLimits | None = None) -> bytes:
    """The bytes of a file or archive member (held in memory), re-checking limits while reading."""
    if inp.member is None:
        return Path(inp.path).read_bytes()
    try:
        zf = open_zip(inp.path)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(f"corrupt zip archive {inp.source.split(SEPARATOR)[0]}: {exc}") from exc
    with zf:
        limits = limits or ZipLimits()
        problem = archive_problem(zf, limits)
        if problem:
            raise IngestError(problem)
        return _resolve(zf, inp.member, limits, 1)
