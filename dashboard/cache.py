"""Process-wide caching keyed by the dataset location, for everything built from the data."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.data import datasets_uri


def per_dataset(func):
    """Cache `func` once per process (shared by every session) with the DATASETS_URI setting as part of
    the key, so that what was built from one set of files is never served for another."""

    def build(uri, *args, **kwargs):
        return func(*args, **kwargs)

    build.__name__ = func.__name__
    build.__qualname__ = f"{func.__qualname__}.per_dataset"
    build.__module__ = func.__module__
    cached = st.cache_resource(show_spinner=False, max_entries=1000)(build)

    @functools.wraps(func)
    def call(*args, **kwargs):
        return cached(datasets_uri(), *args, **kwargs)

    call.clear = cached.clear
    return call
