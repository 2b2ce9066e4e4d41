"""Paths and small helpers the tests share (imported explicitly; conftest.py only holds fixtures)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
CURATED = DATASETS / "curated"
SEEDS = REPO.parent / "shared" / "seeds"  # the seed articles (not in the repository: copyrighted texts)
RESEARCH_TABLE = DATASETS / "raw" / "research_extra_figures.csv"  # the raw research table, kept for checks
