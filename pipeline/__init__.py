"""tiban (提办): turn archives of Chinese handling reports into a clean, queryable dataset.

Python API:
    >>> import pipeline
    >>> report = pipeline.process("report.txt")          # one document → Report
    >>> summary = pipeline.run(["archive.zip"], "out/")  # many documents → dataset in out/
"""

from .core import process, process_bytes
from .record import Measure, Report, Section, Topic

__all__ = ["process", "process_bytes", "run", "Report", "Measure", "Topic", "Section"]
__version__ = "0.1.0"


def run(inputs, outdir, **options):
    """Process `inputs` (files, folders, .zip archives) and write the dataset to `outdir`."""
    from .batch import run as _run

    return _run(inputs, outdir, **options)
