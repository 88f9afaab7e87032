"""Warm-up: process one small invented document so every lazily loaded resource is in memory.

Imported by the local engine's forkserver (``set_forkserver_preload``), so each worker forked from
it already holds jieba's dictionary, OpenCC and the classifier; called again in each worker (a no-op
there) for start methods without preload. The warm-up text is corpora/engine/warmup.txt.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def warm() -> bool:
    """Run the core once; False when that failed (the worker still starts; documents then fail on their own)."""
    try:
        from pipeline import data
        from pipeline.core import process_bytes

        text = "\n".join(data.warmup_lines())
        process_bytes("warm-up.txt", text.encode("utf-8"))
        return True
    except Exception:  # a broken stage must surface per document, with its reason, not kill the pool
        return False


warm()
