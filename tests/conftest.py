"""Shared fixtures: the observation view, and throwaway copies of the data to break (paths: tests/helpers.py)."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import CURATED, DATASETS


@pytest.fixture(scope="session")
def view():
    """The observation view built from the committed Parquet (no Streamlit cache)."""
    from dashboard import views
    from dashboard.data import read_table

    return views.observation_view(
        read_table("observations"),
        read_table("metrics"),
        read_table("units"),
        read_table("sources"),
        read_table("conflict_members"),
        read_table("places"),
        read_table("priority_areas"),
    )


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    """A writable copy of the curated CSV folder."""
    target = tmp_path / "curated"
    shutil.copytree(CURATED, target)
    return target


@pytest.fixture
def datasets_copy(tmp_path: Path) -> Path:
    """A writable copy of the built Parquet files and the map outline (what the app reads)."""
    target = tmp_path / "datasets"
    target.mkdir()
    for path in DATASETS.glob("*.parquet"):
        shutil.copy(path, target / path.name)
    shutil.copytree(DATASETS / "geo", target / "geo")
    return target
