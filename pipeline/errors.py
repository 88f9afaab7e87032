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
