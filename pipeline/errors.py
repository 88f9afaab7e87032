"""Typed errors: each names the file and the reason, so the CLI can print it and the dataset record it."""

from __future__ import annotations


class TibanError(Exception):
    """Base class of every error tiban raises on purpose."""


class IngestError(TibanError):
    """A document could not be read: unknown format, corrupt, encrypted, no text layer, unsafe archive."""


class ModelError(TibanError):
    """A topic model file is missing, corrupt or not of the expected types."""


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
