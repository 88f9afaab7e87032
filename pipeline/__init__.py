"""tiban (提办): turn archives of Chinese handling reports into a clean, queryable dataset.

Python API:
    >>> import pipeline
    >>> report = pipeline.process("report.txt")          # one document → Report
    >>> summary = pipeline.run(["archive.zip"], "out/")  # many documents → dataset in out/
"""

from typing import Any

from pipeline.record import Measure, Report, Section, Topic

__all__ = ["process", "process_bytes", "run", "Report", "Measure", "Topic", "Section"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`process` and `process_bytes` load the stages on first use: a run's parent process only hands
    documents to workers, and importing every stage there cost 0.3 s of serial start-up per run."""
    if name in ("process", "process_bytes"):
        from pipeline import core

        return getattr(core, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def run(inputs, outdir, **options):
    """Process `inputs` (files, folders, .zip archives) and write the dataset to `outdir`."""
    from pipeline.batch import run as _run

    return _run(inputs, outdir, **options)
