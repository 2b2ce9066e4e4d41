"""Process-wide caching keyed by the dataset location, for everything built from the data.

A dictionary lookup (functools.lru_cache) rather than st.cache_resource: these values are read-only and
shared by every session, and the lookup happens many times in every run of every viewer, where
Streamlit's argument hashing would cost more than the work saved on a small page. `clear_all()`
empties every such cache (tests, or after replacing the data files of a running server).
"""

from __future__ import annotations

import functools
import gc

from dashboard.data import datasets_uri

_REGISTRY: list = []

# Each viewer's run allocates thousands of short-lived objects (elements, protobufs). With the default
# thresholds the collector runs many times a second on a busy server and lengthens the slowest runs; a
# larger first threshold keeps it to a few times a second (bench/RESULTS.md). Cached values are frozen
# (gc.freeze below) so that collections never walk them.
gc.set_threshold(20_000, 20, 20)


def per_dataset(func):
    """Cache `func` once per process (shared by every session) with the DATASETS_URI setting as part of
    the key, so that what was built from one set of files is never served for another."""

    @functools.lru_cache(maxsize=4096)
    def cached(uri, *args, **kwargs):
        value = func(*args, **kwargs)
        gc.freeze()  # what is cached lives as long as the process: keep it out of every later collection
        return value

    _REGISTRY.append(cached)

    @functools.wraps(func)
    def call(*args, **kwargs):
        return cached(datasets_uri(), *args, **kwargs)

    call.clear = cached.cache_clear
    return call


_MEMO: dict = {}


def memo(key: tuple, build):
    """The value stored under `key` (with the dataset location added), built by `build()` the first time."""
    full_key = (datasets_uri(), *key)
    value = _MEMO.get(full_key)
    if value is None:
        value = _MEMO[full_key] = build()
    return value


def clear_all() -> None:
    from dashboard import data

    data.clear_cache()
    _MEMO.clear()
    for cached in _REGISTRY:
        cached.cache_clear()
