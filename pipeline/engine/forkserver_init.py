"""Imported by the local engine's forkserver first of its preload modules, and only there: the
forkserver dies with the run that started it (see `pipeline.engine.orphan`). Nothing else may import
this module: in the run's own process it would tie the run's life to its shell's."""

from pipeline.engine.orphan import die_with_parent

die_with_parent()
