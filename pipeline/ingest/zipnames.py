"""Opening zip archives whose member names Python refuses, and naming every member uniquely.

A member whose directory entry says "UTF-8 name" (general-purpose flag bit 11) but holds bytes
that are not UTF-8 makes `zipfile.ZipFile` raise UnicodeDecodeError while reading the directory:
the whole archive, good members included, gave no row at all (issue 10, item 3). `open_zip` opens
such an archive anyway: it reads the file through a view that clears bit 11 on exactly those
entries (central directory and local header), so zipfile decodes their names as cp437 (every byte
is valid there, and the bytes come back exactly), and then names the member with its bytes shown
escaped (``p\\xff.txt``). Nothing is written: the view changes bytes only as they are read.

Two members may carry the same name; zipfile's name lookup then finds only the last. Every member
gets its own name here: the first keeps its name, the next ``name#2``, ``name#3`` ...
"""

from __future__ import annotations

import bisect
import io
import os
import struct
import zipfile
from typing import IO

_UTF8_FLAG_HIGH = 0x08  # bit 11 of the little-endian flag word lives in its second byte as 0x08
_EOCD, _EOCD64_LOCATOR, _CENTRAL = b"PK\x05\x06", b"PK\x06\x07", b"PK\x01\x02"
#: The end-of-central-directory record is 22 bytes plus a comment of at most 65,535 (APPNOTE 4.3.16).
_EOCD_WINDOW = 22 + 65535


class _MaskedFile:
    """A read-only file view that clears bit 0x08 of the bytes at `offsets` as they are read."""

    def __init__(self, fp: IO[bytes], offsets: list[int]):
        self._fp, self.offsets = fp, sorted(offsets)

    def read(self, n: int = -1) -> bytes:
        pos = self._fp.tell()
        data = self._fp.read(n)
        lo, hi = bisect.bisect_left(self.offsets, pos), bisect.bisect_left(self.offsets, pos + len(data))
        if lo == hi:
            return data
        out = bytearray(data)
        for off in self.offsets[lo:hi]:
            out[off - pos] &= ~_UTF8_FLAG_HIGH & 0xFF
        return bytes(out)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fp.seek(offset, whence)

    def tell(self) -> int:
        return self._fp.tell()

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._fp.close()


def _central_directory(fp: IO[bytes]) -> tuple[int, int]:
    """(offset, size) of the central directory, found from the end records (zip64 too)."""
    end = fp.seek(0, os.SEEK_END)
    fp.seek(max(0, end - _EOCD_WINDOW))
    tail = fp.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise zipfile.BadZipFile("File is not a zip file")
    size, offset = struct.unpack("<LL", tail[at + 12 : at + 20])
    eocd = end - len(tail) + at
    locator = tail[at - 20 : at] if at >= 20 else b""
    if locator[:4] == _EOCD64_LOCATOR:  # zip64: the sizes live in the zip64 end record before it
        record = eocd - 20 - 56
        fp.seek(record)
        size = struct.unpack("<Q", fp.read(56)[40:48])[0]
        return record - size, size
    return eocd - size, size


def _bad_entries(fp: IO[bytes]) -> list[tuple[int, int]]:
    """(index, flag high-byte offset) of central-directory entries flagged UTF-8 with other bytes."""
    start, size = _central_directory(fp)
    fp.seek(start)
    cd = fp.read(size)
    found, pos, index = [], 0, 0
    while cd[pos : pos + 4] == _CENTRAL and pos + 46 <= len(cd):
        flags, = struct.unpack("<H", cd[pos + 8 : pos + 10])
        n_name, n_extra, n_comment = struct.unpack("<HHH", cd[pos + 28 : pos + 34])
        name = cd[pos + 46 : pos + 46 + n_name]
        if flags & 0x800 and not _is_utf8(name):
            found.append((index, start + pos + 9))
        pos += 46 + n_name + n_extra + n_comment
        index += 1
    return found


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Archive(zipfile.ZipFile):
    """A ZipFile that also knows which member names were not UTF-8 (shown escaped) and that
    closes the file it opened itself."""

    undecodable: frozenset[str] = frozenset()
    _owned: IO[bytes] | None = None

    def close(self) -> None:
        super().close()
        if self._owned is not None:
            self._owned.close()
            self._owned = None


def _reopen(file: str | os.PathLike | IO[bytes]) -> Archive:
    """The archive through a view that clears the UTF-8 flag of entries whose names are not UTF-8."""
    owned = open(file, "rb") if isinstance(file, (str, os.PathLike)) else None
    fp = owned or file
    try:
        bad = _bad_entries(fp)
        view = _MaskedFile(fp, [off for _, off in bad])
        zf = Archive(view)
    except BaseException:
        if owned:
            owned.close()
        raise
    zf._owned = owned
    infos = zf.infolist()
    names = set()
    for index, _ in bad:
        info = infos[index]
        view.offsets = sorted([*view.offsets, info.header_offset + 7])  # its local header says UTF-8 too
        info.filename = info.orig_filename.encode("cp437").decode("utf-8", "backslashreplace")
        zf.NameToInfo[info.filename] = info
        names.add(info.filename)
    zf.undecodable = frozenset(names)
    return zf


def open_zip(file: str | os.PathLike | IO[bytes]) -> Archive:
    """Open an archive like zipfile.ZipFile, also when some member names are not valid UTF-8.

    zipfile refuses a whole archive with NotImplementedError when one directory entry asks for a
    newer "version needed to extract" (found by bench/fuzz_ingest.py: it stopped discovery); that
    is a BadZipFile here, which every caller already turns into one failed row."""
    try:
        try:
            return Archive(file)
        except UnicodeDecodeError:
            if not isinstance(file, (str, os.PathLike)):
                file.seek(0)
            return _reopen(file)
    except NotImplementedError as exc:
        raise zipfile.BadZipFile(f"unsupported zip feature: {exc}") from exc


def member_names(zf: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
    """A unique name for every member, in directory order: the first of equal names keeps it,
    the next is ``name#2`` (then #3 ..., skipping a name another member already has)."""
    infos = zf.infolist()
    taken = {info.filename for info in infos}
    seen: set[str] = set()
    named = []
    for info in infos:
        name = info.filename
        if name in seen:
            k = 2
            while f"{name}#{k}" in taken or f"{name}#{k}" in seen:
                k += 1
            name = f"{name}#{k}"
        seen.add(name)
        named.append((name, info))
    return named


def from_bytes(data: bytes) -> Archive:
    """An archive held in memory (a nested zip, a DOCX being sniffed)."""
    return open_zip(io.BytesIO(data))
