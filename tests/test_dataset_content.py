"""The committed data says what the sources say: seed figures, places, research figures, conflicts."""

import csv
import json

import pandas as pd
import pytest

from dashboard.curation.verify import verify_evidence
from dashboard.data import read_geojson, read_table
from dashboard.schema import TABLES
from tests.helpers import CURATED, DATASETS, RESEARCH_TABLE, SEEDS


@pytest.fixture(scope="module")
def tables():
    return {name: read_table(name) for name in TABLES}


def test_every_foreign_key_resolves_in_the_built_tables(tables):
    for table in TABLES.values():
        for column in table.columns:
            if not column.references:
                continue
            target_table, target_column = column.references.split(".")
            values = tables[table.name][column.name].dropna()
            missing = set(values) - set(tables[target_table][target_column])
            assert not missing, f"{table.name}.{column.name} -> {column.references}: {missing}"


def test_conflict_members_resolve(tables):
    keys = {"observations": "obs_id", "mentions": "mention_id", "area_wordings": "wording_id"}
    for row in tables["conflict_members"].itertuples():
        assert row.member_id in set(tables[row.member_table][keys[row.member_table]])


# Every figure the seed articles report: (source, metric, value, unit, qualifier, as_of)
SEED_FIGURES = [
    ("seed_004", "process_control_rate", 68.6, "percent", "exact", "2025-12-31"),
    ("seed_004", "hqds_count", 100000, "datasets", "more_than", "2025-12-31"),
    ("seed_004", "hqds_volume_pb", 890, "pb", "more_than", "2025-12-31"),
    ("seed_004", "hqds_nlc_multiple", 310, "times", "exact", "2025-12-31"),
    ("seed_004", "hqds_partner_departments", 26, "departments", "exact", "2026-04-03"),
    ("seed_004", "hqds_leading_units", 72, "organisations", "exact", "2026-04-03"),
    ("seed_004", "hqds_pilot_units", 140, "organisations", "exact", "2026-04-03"),
    ("seed_004", "hqds_exemplary_cases", 104, "cases", "exact", "2026-04-03"),
    ("seed_004", "annotation_pilot_cities", 7, "cities", "exact", "2026-04-03"),
    ("seed_004", "annotation_cases", 47, "cases", "exact", "2026-04-03"),
    ("seed_004", "token_daily_multiple", 10, "times", "more_than", "2026-03-31"),
    ("seed_004", "specialized_actions_count", 6, "actions", "exact", "2026-04-03"),
    ("seed_000", "work_priorities_count", 8, "priorities", "exact", "2025-12-30"),
    ("seed_000", "specialized_actions_count", 6, "actions", "exact", "2025-12-30"),
]


@pytest.mark.parametrize("figure", SEED_FIGURES, ids=[f"{f[0]}-{f[1]}" for f in SEED_FIGURES])
def test_seed_figure_is_an_observation(tables, figure):
    source, metric, value, unit, qualifier, as_of = figure
    obs = tables["observations"]
    hits = obs[(obs.source_id == source) & (obs.metric_id == metric)]
    assert len(hits) == 1
    row = hits.iloc[0]
    assert (row.value, row.unit, row.qualifier, row.as_of) == (value, unit, qualifier, pd.Timestamp(as_of))
    assert row.kind == "reported" and row.evidence


def test_token_growth_period_is_early_2024_to_march_2026(tables):
    obs = tables["observations"]
    row = obs[(obs.source_id == "seed_004") & (obs.metric_id == "token_daily_multiple")].iloc[0]
    assert row.period_start == pd.Timestamp("2024-01-01")
    assert row.as_of == pd.Timestamp("2026-03-31") and row.as_of_precision == "month"


SEVEN_CITIES = {  # name: (lat, lon, province) from standard gazetteers
    "Chengdu": (30.66, 104.06, "Sichuan"),
    "Shenyang": (41.81, 123.43, "Liaoning"),
    "Hefei": (31.82, 117.23, "Anhui"),
    "Changsha": (28.23, 112.94, "Hunan"),
    "Haikou": (20.04, 110.34, "Hainan"),
    "Baoding": (38.87, 115.46, "Hebei"),
    "Datong": (40.08, 113.30, "Shanxi"),
}


def test_seven_annotation_pilot_cities_with_coordinates(tables):
    places = tables["places"]
    cities = places[places.role == "annotation_pilot_city"].set_index("name_en")
    assert set(cities.index) == set(SEVEN_CITIES)
    for name, (lat, lon, province) in SEVEN_CITIES.items():
        assert cities.loc[name, "lat"] == pytest.approx(lat, abs=0.15), name
        assert cities.loc[name, "lon"] == pytest.approx(lon, abs=0.15), name
        assert cities.loc[name, "province_en"] == province


def test_the_offline_provinces_are_detailed_and_self_contained():
    """The maps draw China from this file alone (tests/test_maps.py checks what it holds and how it is drawn)."""
    shapes = read_geojson("china_provinces.geojson")
    rings = [
        ring
        for feature in shapes["features"]
        if feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
    ]
    assert sum(len(ring) for ring in rings) > 5000
    assert "http" not in json.dumps(shapes)


def test_research_figures_are_in_with_urls_and_grades(tables):
    obs = tables["observations"].merge(tables["sources"], on="source_id", suffixes=("", "_source"))
    research = obs[(obs.kind == "reported") & ~obs.source_id.str.startswith("seed_")]
    assert len(research) >= 94
    assert research.url.notna().all() and research.url.str.startswith("http").all()
    assert set(research.grade) == {"high", "medium", "low"}
    low = research[research.grade == "low"]
    assert "chinadailybrief.com" in " ".join(low.url)


def test_every_research_row_has_a_matching_observation(tables):
    obs = tables["observations"].merge(tables["sources"][["source_id", "url"]], on="source_id")
    with RESEARCH_TABLE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 95
    for row in rows:
        if row["metric_id"] == "nda_head_name":
            mentions = tables["mentions"]
            assert "Liu Liehong" in set(mentions.text)
            continue
        hits = obs[(obs.url == row["url"]) & (obs.evidence == row["evidence"])]
        assert len(hits) >= 1, row


def test_conflicts_are_recorded_as_data(tables):
    members = tables["conflict_members"]
    obs = tables["observations"].set_index("obs_id")
    token = members[members.conflict_id == "token_growth"].member_id
    assert {10.0, 1000.0, 1400.0} <= set(obs.loc[list(token), "value"])
    names = tables["mentions"].set_index("mention_id")
    spellings = set(names.loc[list(members[members.conflict_id == "nda_head_name"].member_id), "text"])
    assert spellings == {"Liu Honglie", "Liu Lihong", "Liu Liehong"}
    conflicts = tables["conflicts"]
    # The NDA's two English names are a translation, not a disagreement: kept as mentions and a source note.
    assert "nda_english_name" not in set(conflicts.conflict_id)
    english = set(tables["mentions"][tables["mentions"].entity_id == "nda"].text)
    assert english == {"National Data Administration (NDA)", "National Data Bureau"}
    assert "National Data Bureau" in tables["sources"].set_index("source_id").loc["seed_004", "note"]
    assets = members[members.conflict_id == "data_assets_2024"].member_id
    assert set(obs.loc[list(assets), "value"]) == {100.0, 2.164, 92.0, 2.495}  # SAIF against Securities Daily (Wind)
    assert conflicts.explanation_zh.str.len().min() > 20


def test_lower_bounds_stay_lower_bounds(tables):
    obs = tables["observations"]
    assert obs.set_index("obs_id").loc["hqds_count_20251231_seed_004", "qualifier"] == "more_than"
    assert (obs.value > 0).all()


def test_priorities_and_six_actions(tables):
    areas = tables["priority_areas"]
    priorities = areas[areas.kind == "priority"].sort_values("rank")
    assert list(priorities.area_id) == [
        "digital_china",
        "data_market",
        "industry_clusters",
        "data_element_x",
        "data_infrastructure",
        "data_system",
        "ai_datasets",
        "international",
    ]
    actions = areas[areas.kind == "action"]
    assert len(actions) == 6 and set(actions.parent_id) == {"ai_datasets"}


@pytest.fixture(scope="module")
def release_date(tables) -> pd.Timestamp:
    """The day the shipped dataset was released (release.csv): the date the data's dates are checked
    against, so that the result does not depend on the day the test runs."""
    return pd.Timestamp(tables["release"]["released"].iloc[0])


def test_dates_are_plausible(tables, release_date):
    obs = tables["observations"]
    assert obs.as_of.min() >= pd.Timestamp("2020-01-01")
    assert obs.published.max() <= release_date, "a figure published after the release that ships it"
    assert tables["sources"].published.max() <= release_date, "a source published after the release"


def test_research_evidence_is_word_for_word():
    checked, problems = verify_evidence(CURATED, None, RESEARCH_TABLE)
    assert not problems, [str(p) for p in problems]
    assert checked >= 94


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not in the repository")
def test_seed_evidence_is_word_for_word():
    checked, problems = verify_evidence(CURATED, SEEDS, None)
    assert not problems, [str(p) for p in problems]
    assert checked >= 50


def test_the_shipped_version_marker_matches_the_shipped_files():
    """`datasets/manifest.json` (written last by `curation build`) names every shipped table and the map
    outline with their hashes, so a running server watching the folder sees exactly this version."""
    import hashlib

    marker = json.loads((DATASETS / "manifest.json").read_text(encoding="utf-8"))
    release = pd.read_parquet(DATASETS / "release.parquet")
    assert marker["version"] == str(release["version"].iloc[0])
    shipped = {p.name for p in DATASETS.glob("*.parquet")} | {
        f"geo/{p.name}" for p in (DATASETS / "geo").glob("*.geojson")
    }
    assert set(marker["files"]) == shipped
    for name, entry in marker["files"].items():
        content = (DATASETS / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}, name
