"""One way to read the domain data under corpora/: a function per family of data, typed results.

File names live only in this package. Each family function reads its files once per process
(cached) and returns a frozen dataclass or NamedTuple with named fields, so code never reads a
pattern by its line position; the stage modules compile what they get. A file of the wrong shape
stops with its path and the reason. tests/test_data.py fails when a corpora/ file is read by none
of these functions.
"""

from pipeline.data.classify import (
    agency_domains,
    holdout_dirs,
    list_separators,
    phrases_path,
    taxonomy_path,
    title_wrappers,
    topics_dir,
)
from pipeline.data.extract import fact_data, measure_data, topic_data
from pipeline.data.normalise import boilerplate, char_tables, debris, gloss
from pipeline.data.stages import (
    headings,
    skip_extensions,
    topic_trim,
    user_dict_path,
    warmup_lines,
    warmup_path,
)

__all__ = [
    "agency_domains", "holdout_dirs", "list_separators", "phrases_path", "taxonomy_path", "title_wrappers",
    "topics_dir",
    "fact_data", "measure_data", "topic_data",
    "boilerplate", "char_tables", "debris", "gloss",
    "headings", "skip_extensions", "topic_trim", "user_dict_path", "warmup_lines", "warmup_path",
]
