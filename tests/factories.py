"""Small synthetic tables for tests of the pure view-models and chart builders, so that correcting a
shipped figure never breaks them. `view(rows)` builds an observation view from a few observation dicts;
`curated(table=rows, ...)` builds curated tables as the curation check reads them, for its rules."""

from __future__ import annotations

import pandas as pd

from dashboard import views
from dashboard.curation.read import CuratedTable
from dashboard.schema import TABLES

UNITS = pd.DataFrame([
    {"unit_id": "things", "label_en": "things", "label_zh": "个", "zh_scale": 1.0, "axis_en": "Things",
     "axis_zh": "数量（个）", "kind": "count"},
    {"unit_id": "tb", "label_en": "TB", "label_zh": "TB", "zh_scale": 1.0, "axis_en": "TB", "axis_zh": "TB",
     "kind": "volume"},
])
SOURCES = pd.DataFrame([
    {"source_id": s, "title": f"Title {s}", "title_zh": f"标题{s}", "publisher": f"Publisher {s}",
     "publisher_zh": f"发布者{s}", "url": f"https://example.org/{s}", "reliability": "state_media", "grade": g,
     "published_precision": "day", "kind": "article", "language": "zh-Hans", "note": None, "note_zh": None,
     "published": pd.Timestamp("2026-01-01")}
    for s, g in (("src_a", "high"), ("src_b", "medium"), ("src_low", "low"))
])
PLACES = pd.DataFrame([
    {"place_id": p, "name_en": p.title(), "name_zh": z, "province_en": p.title(), "province_zh": z, "lat": 30.0,
     "lon": 110.0, "role": "province", "source_id": "src_a", "evidence": "x"}
    for p, z in (("alpha", "甲"), ("beta", "乙"), ("gamma", "丙"))
])


def metric(metric_id: str, unit: str = "things", area_id: str = "data_market") -> dict:
    return {"metric_id": metric_id, "name_en": f"Metric {metric_id}", "name_zh": f"指标{metric_id}", "unit": unit,
            "area_id": area_id, "definition_en": "d", "definition_zh": "定义", "headline_rank": None}


def obs(obs_id: str, metric_id: str, value: float, as_of: str, *, published: str | None = None,
        source_id: str = "src_a", qualifier: str = "exact", kind: str = "reported", formula: str | None = None,
        status: str = "actual", place_id: str | None = None, unit: str = "things", precision: str = "year") -> dict:
    return {"obs_id": obs_id, "metric_id": metric_id, "value": float(value), "unit": unit, "qualifier": qualifier,
            "as_of": pd.Timestamp(as_of), "as_of_precision": precision, "period_start": pd.NaT,
            "published": pd.Timestamp(published or as_of), "source_id": source_id,
            "evidence": None if kind == "derived" else "words", "kind": kind, "formula": formula, "status": status,
            "note": None, "note_zh": None, "place_id": place_id}


def view(observations: list[dict], metrics: list[dict] | None = None) -> pd.DataFrame:
    metrics = metrics or [metric(m) for m in dict.fromkeys(o["metric_id"] for o in observations)]
    members = pd.DataFrame(columns=["conflict_id", "member_table", "member_id"])
    return views.observation_view(pd.DataFrame(observations), pd.DataFrame(metrics), UNITS, SOURCES, members, PLACES)


def curated(**tables: list[dict]) -> dict[str, CuratedTable]:
    """Curated tables as `curation.read` gives them to the rules, from a few row dicts per table: columns
    left out are empty (None), and row i sits on line i + 2 of its file (the header is line 1)."""
    return {name: CuratedTable(TABLES[name], [dict.fromkeys(TABLES[name].column_names) | row for row in rows],
                               list(range(2, len(rows) + 2)))
            for name, rows in tables.items()}
