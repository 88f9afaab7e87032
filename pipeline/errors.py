"""Typed errors: each names the file and the reason, so the CLI can print it and the dataset record it."""

from __future__ import annotations

import re


class TibanError(Exception):
    """Base class of every error tiban raises on purpose."""


class IngestError(TibanError):
    """A document could not be read: unknown format, corrupt, encrypted, no text layer, unsafe archive."""


class ModelError(TibanError):
    """A topic model file is missing, corrupt or not of the expected types.

    Its message opens with 'topic model: ' so a document failed by it is known, from its error text
    alone, to have failed for the installation's sake (`error_kind` 'environment', retried next run).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message if message.startswith(MODEL_PREFIX) else MODEL_PREFIX + message)


MODEL_PREFIX = "topic model: "


class UsageError(TibanError):
    """The caller asked for something impossible (bad output format, missing input path)."""


class ManifestError(TibanError):
    """OUTDIR's manifest cannot be trusted (a damaged line, parts it does not know or cannot find).

    Raised before anything in OUTDIR is changed: a run that went on would delete committed parts the
    manifest no longer names, or skip inputs whose rows are gone. The parts themselves hold doc_id and
    source, so ``tiban run --rebuild-manifest`` can make a new manifest from them.
    """


class OutputError(TibanError):
    """The dataset folder cannot be written (not a folder, read-only, disk full): the run stops.

    Raised after the visible tables are left as they were (all of the old state) and temporary files
    are removed, so a rerun once there is room goes on from the last commit.
    """


# ---------------------------------------------------------------- the status and error vocabulary
#
# The reports table's vocabulary, declared once (issue 10; Apache Tika's typed statuses per file: OK,
# EMPTY, TIMEOUT, OOM, CRASH ...). Every reports row has ``status`` ``ok`` or ``failed``; a failed
# row's ``error`` is one line naming the reason, and its *kind* is `error_kind(error)`, one of
# `ERROR_KINDS`, read from the error's opening words (which every producer writes first), so the
# tables keep their columns and the error stays a sentence a person reads.
# tests/e2e/test_status_vocabulary.py makes real failures of every kind and checks the mapping.
# `RETRIED` kinds are failures of the installation, not of the document (the topic model unreadable):
# their inputs are recorded in the manifest as not done, so the next run redoes them without --force.

STATUSES: dict[str, str] = {
    "ok": "the document was read and every stage ran",
    "failed": "the document could not be processed; `error` says why, its kind is one of ERROR_KINDS",
}

#: kind → (meaning, the error openings of that kind). Order matters: the first kind that matches wins.
ERROR_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "timeout": ("took longer than --timeout; its worker was stopped", ("timeout:",)),
    "out_of_memory": ("needed more than --max-memory; its worker was stopped", ("memory:",)),
    "crash": ("its worker process died (native crash, killed)", ("worker died",)),
    "environment": ("the installation, not the document: the topic model is missing or unreadable; retried next run",
                    (r"\w+ failed: topic model",)),
    "internal": ("a stage raised an unexpected error (a bug: please report it)", (r"\w+ failed:",)),
    "unreadable": ("the file or folder could not be read from disk (permissions, vanished)", (
        "cannot read:", "cannot read folder")),
    "empty": ("nothing to read: an empty file, page, body or archive", (
        "empty file", "empty zip archive", "no text in", "PDF has no pages")),
    "no_text_layer": ("a PDF without extractable text (scanned?)", ("no text layer",)),
    "encrypted": ("a password is needed", ("encrypted",)),
    "unsafe": ("refused before reading: an archive (size, ratio, member count, nesting) or a link out of the input folder", (
        "zip member too large", "zip bomb suspected", "zip archive has", "zip archive expands",
        "nested zip depth exceeds", "zip member .* expands beyond", "symlink to a file outside")),
    "corrupt": ("the file is damaged or truncated", ("corrupt", "truncated", "no member .* in archive")),
    "unsupported": ("a format tiban does not read", ("unsupported format", "binary data")),
}

RETRIED = frozenset({"environment"})

_MATCHERS = [(kind, re.compile("|".join(f"(?:{p})" for p in openings))) for kind, (_, openings) in ERROR_KINDS.items()]


def error_kind(error: str | None) -> str | None:
    """The kind of a failed row's error (one of ERROR_KINDS); None for an ok row or an unknown error."""
    if not isinstance(error, str) or not error:  # None, or a null read back from a table (NaN)
        return None
    for kind, pattern in _MATCHERS:
        if pattern.match(error):
            return kind
    return None


def retried(error: str | None) -> bool:
    """True when the failure is the installation's, so the input must not count as done."""
    return error_kind(error) in RETRIED


def vocabulary_markdown() -> str:
    """The vocabulary as the README's table (a test keeps the two equal)."""
    lines = ["| status | error kind | meaning |", "|---|---|---|"]
    lines += [f"| {status} | | {meaning} |" for status, meaning in STATUSES.items() if status == "ok"]
    lines += [f"| failed | {kind} | {meaning} |" for kind, (meaning, _) in ERROR_KINDS.items()]
    return "\n".join(lines)
