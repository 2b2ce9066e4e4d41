"""Process-wide caching keyed by the dataset version, for everything built from the data.

A dictionary lookup rather than st.cache_resource: these values are read-only and shared by every session,
and the lookup happens many times in every run of every viewer, where Streamlit's argument hashing would
cost more than the work saved on a small page. The key holds the location and the version that the
script run pinned when it started (`data.version_key()`), so a run never mixes two versions, and a new
version (found by the background check, see `data.py`) gets caches of its own; what belongs to versions
no longer served is dropped after each check. `clear_all()` empties every such cache (tests).

Every viewer's run is a thread of its own, so a value may be asked for by several threads at once (a room
opening the same link as the server starts). Each key is built by one thread while the others wait for it
("single flight"), and a value is published only once it is complete: no thread ever sees it half built,
and the work is never done twice. A value is never changed after it is published; callers that need a
variant build a copy (see `charts.for_slides`).
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Hashable
from typing import Any

from dashboard import data
from dashboard.data import version_key


class SingleFlight:
    """A dictionary of built values with one lock per key while it is being built."""

    def __init__(self, maxsize: int = 8192) -> None:
        self.maxsize = maxsize  # every key comes from the code and the data, never from a URL; a bound all the same
        self._values: dict[Hashable, Any] = {}
        self._building: dict[Hashable, threading.RLock] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        try:
            return self._values[key]  # the common case: one dictionary lookup, no lock
        except KeyError:
            pass
        with self._guard:
            lock = self._building.setdefault(key, threading.RLock())
        with lock:
            if key in self._values:  # another thread built it while this one waited
                return self._values[key]
            value = build()  # an exception propagates and nothing is stored: the next call retries
            # What is cached lives as long as the process: keep it out of every later collection. The
            # call holds the GIL throughout, so concurrent calls from several threads are safe.
            gc.freeze()
            if len(self._values) < self.maxsize:
                self._values[key] = value
        with self._guard:
            self._building.pop(key, None)
        return value

    def clear(self) -> None:
        with self._guard:
            self._values.clear()

    def prune(self, live: set) -> int:
        """Drop the values whose version (the first part of the key) is not in `live`."""
        with self._guard:
            stale = [key for key in list(self._values) if isinstance(key, tuple) and key and key[0] not in live]
            for key in stale:
                self._values.pop(key, None)
        return len(stale)

    def __len__(self) -> int:
        return len(self._values)


_REGISTRY: list[SingleFlight] = []


def per_dataset(func):
    """Cache `func` once per process (shared by every session) with the dataset version of this run as part
    of the key, so that what was built from one version is never served for another."""
    store = SingleFlight()
    _REGISTRY.append(store)

    @functools.wraps(func)
    def call(*args, **kwargs):
        key = (version_key(), args, tuple(sorted(kwargs.items())))
        return store.get(key, lambda: func(*args, **kwargs))

    call.clear = store.clear  # type: ignore[attr-defined]
    return call


_MEMO = SingleFlight()
_REGISTRY.append(_MEMO)


def memo(key: tuple, build):
    """The value stored under `key` (with this run's dataset version added), built by `build()` the first time."""
    return _MEMO.get((version_key(), *key), build)


def bounded_memo(maxsize: int):
    """A `memo` with a store of its own holding at most `maxsize` values (later keys are built each time
    and not kept): for values whose keys come from what viewers choose (a filtered view), so that the
    memory they take stays bounded however many views are asked for."""
    store = SingleFlight(maxsize)
    _REGISTRY.append(store)

    def lookup(key: tuple, build):
        return store.get((version_key(), *key), build)

    lookup.clear = store.clear  # type: ignore[attr-defined]
    return lookup


def prune() -> int:
    """Drop what was built from versions no longer served (runs still on one rebuild what they need)."""
    live = data.live_version_keys()
    return sum(store.prune(live) for store in _REGISTRY)


data.after_check(prune)


def clear_all() -> None:
    data.clear_cache()
    for store in _REGISTRY:
        store.clear()
