"""Fuzzing the ingest boundary in the suite: bytes in, a Report out, never an exception (issue 10).

A bounded, deterministic run (derandomize: the same examples every time, no example database),
a few seconds long. bench/fuzz_ingest.py runs the same strategies and checks for as long as asked.
"""

from __future__ import annotations

from fuzz_inputs import check_discover, check_ingest, check_process, documents, sources, zip_archive
from hypothesis import HealthCheck, given, settings

#: 100 examples of ingest alone, 50 archives discovered and 20 through the whole core: ~4 s CPU here.
_SETTINGS = dict(derandomize=True, database=None, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=100, **_SETTINGS)
@given(source=sources(), data=documents())
def test_ingest_never_raises(source, data):
    check_ingest(source, data)


@settings(max_examples=20, **_SETTINGS)
@given(source=sources(), data=documents())
def test_process_bytes_never_raises(source, data):
    check_process(source, data)


@settings(max_examples=50, **_SETTINGS)
@given(data=zip_archive())
def test_discover_never_raises(data):
    assert check_discover(data) >= 1  # an archive never vanishes: at least one row
