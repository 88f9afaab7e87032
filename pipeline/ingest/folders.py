"""Walking input folders: which files are documents, how they are named, what must not be read.

Three things a walk can meet that once stopped or fooled a run (issue 10, items 2 and 6):

* a file name that is not UTF-8 (bytes ``p\\xff.txt`` on a Linux disk). Python hands it over with a
  lone surrogate (``'p\\udcff.txt'``) that no UTF-8 writer accepts, and the batch died at the writer's
  flush. Its `source` is now the name with the undecodable bytes shown escaped (``p\\xff.txt``,
  flag ``source_name_not_utf8``) while the file is read by its real path;
* a symbolic link inside the folder to a file outside it (``ln -s /etc/passwd in/p.txt``): not read,
  a failed row says why. A link to a file inside the input folder is read like the file;
* a subfolder that cannot be listed (permissions, a path too long): os.walk skipped it silently;
  now it is a failed row naming the folder and the reason.

Junk and hidden entries (".git/", ".gitattributes", ".ipynb_checkpoints/") are skipped in a folder
walk: they are tool metadata, never documents. A hidden file named on the command line is read.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath

from pipeline import data

JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
JUNK_DIRS = frozenset({"__MACOSX"})
#: Flag of a document whose file or member name was not valid UTF-8 (its source shows the bytes escaped).
NAME_NOT_UTF8 = "source_name_not_utf8"


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


def source_name(path: str) -> tuple[str, tuple[str, ...]]:
    """(a valid string naming `path`, flags): undecodable bytes of the name shown as \\xNN.

    os.fsencode gives back the bytes behind Python's surrogate escapes; backslashreplace then shows
    each byte that is not UTF-8 as ``\\xff``. A name that is valid UTF-8 comes back unchanged."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(path)
        except UnicodeEncodeError:  # a surrogate that no file name produced (API callers)
            raw = path.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace"), (NAME_NOT_UTF8,)
    return path, ()


def outside_link(path: Path, root: Path) -> bool:
    """True when `path` is a symlink whose fully resolved target is not inside `root` (resolved)."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve(strict=False).is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop: not inside anything
        return True


def folder_entries(folder: Path) -> list[tuple[Path, str | None]]:
    """Every file under `folder` (sorted by relative path, symlinked dirs not followed), each with
    the reason it must not be read (a link out of the folder, a subfolder that cannot be listed)."""
    found: list[tuple[Path, str | None]] = []
    root = folder.resolve(strict=False)

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        found.append((where, f"cannot read folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = [d for d in dirs if d not in JUNK_DIRS and not d.startswith(".")]
        for name in files:
            if is_junk(name) or name.startswith("."):
                continue
            path = Path(root) / name
            why = "symlink to a file outside the input folder: not read" if outside_link(path, root) else None
            found.append((path, why))
    return sorted(found, key=lambda entry: _relative(entry[0], folder))


def _relative(path: Path, folder: Path) -> tuple[str, ...]:
    try:
        return path.relative_to(folder).parts
    except ValueError:
        return path.parts


def folder_files(folder: Path) -> list[Path]:
    """The readable files of `folder` (folder_entries without those that must not be read)."""
    return [path for path, why in folder_entries(folder) if why is None]
