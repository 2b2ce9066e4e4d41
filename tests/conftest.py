"""Shared fixtures: paths to the repository's data, and throwaway copies of it to break."""

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
CURATED = DATASETS / "curated"
SEEDS = REPO.parent / "shared" / "seeds"  # the seed articles (not in the repository: copyrighted texts)
RESEARCH_TABLE = DATASETS / "raw" / "research_extra_figures.csv"  # the raw research table, kept for checks


@pytest.fixture(scope="session")
def view():
    """The observation view built from the committed Parquet (no Streamlit cache)."""
    from dashboard import views
    from dashboard.data import read_table

    return views.observation_view(read_table("observations"), read_table("metrics"), read_table("units"),
                                  read_table("sources"), read_table("conflict_members"), read_table("places"))


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
