"""Small synthetic tables for tests of the pure view-models and chart builders, so that correcting a
shipped figure never breaks them. `view_of(rows)` builds an observation view from a few observation dicts
(`obs`), with extra units, sources, places and conflicts where a test needs them; `unit`, `source`,
`place`, `area`, `event` and `conflict` make one row of their table each, `table(name, rows)` a frame,
and `provinces` a small GeoJSON. `curated(table=rows, ...)` builds curated tables as the curation check
reads them, for its rules."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import views
from dashboard.curation.read import CuratedTable
from dashboard.schema import CURATION_TABLES, TABLES


def unit(
    unit_id: str,
    *,
    label_en: str | None = None,
    label_zh: str | None = None,
    zh_scale: float = 1.0,
    axis_en: str | None = None,
    axis_zh: str | None = None,
    kind: str = "count",
) -> dict:
    return {
        "unit_id": unit_id,
        "label_en": label_en or unit_id,
        "label_zh": label_zh or unit_id,
        "zh_scale": float(zh_scale),
        "axis_en": axis_en or unit_id.title(),
        "axis_zh": axis_zh or unit_id,
        "kind": kind,
    }


def source(
    source_id: str,
    grade: str = "high",
    *,
    publisher: str | None = None,
    publisher_zh: str | None = None,
    published: str = "2026-01-01",
    precision: str = "day",
    reliability: str = "state_media",
) -> dict:
    return {
        "source_id": source_id,
        "title": f"Title {source_id}",
        "title_zh": f"标题{source_id}",
        "publisher": publisher or f"Publisher {source_id}",
        "publisher_zh": publisher_zh or f"发布者{source_id}",
        "url": f"https://example.org/{source_id}",
        "reliability": reliability,
        "grade": grade,
        "published_precision": precision,
        "kind": "article",
        "language": "zh-Hans",
        "note": None,
        "note_zh": None,
        "published": pd.Timestamp(published),
    }


def place(
    place_id: str,
    name_en: str | None = None,
    name_zh: str | None = None,
    *,
    role: str = "province",
    lat: float = 30.0,
    lon: float = 110.0,
    source_id: str = "src_a",
    evidence: str = "x",
) -> dict:
    name_en = name_en or place_id.title()
    return {
        "place_id": place_id,
        "name_en": name_en,
        "name_zh": name_zh or f"地{place_id}",
        "province_en": name_en,
        "province_zh": name_zh or f"省{place_id}",
        "lat": lat,
        "lon": lon,
        "role": role,
        "source_id": source_id,
        "evidence": evidence,
    }


def area(
    area_id: str,
    rank: int,
    *,
    kind: str = "priority",
    parent_id: str | None = None,
    name_en: str | None = None,
    name_zh: str | None = None,
) -> dict:
    return {
        "area_id": area_id,
        "rank": rank,
        "parent_id": parent_id,
        "kind": kind,
        "name_en": name_en or f"Area {area_id}",
        "name_zh": name_zh or f"领域{area_id}",
        "summary_en": "s",
        "summary_zh": "概要",
    }


def event(
    event_id: str,
    start: str,
    *,
    end: str | None = None,
    precision: str = "day",
    kind: str = "meeting",
    title_en: str | None = None,
    title_zh: str | None = None,
    area_id: str | None = None,
    source_id: str = "src_a",
    evidence: str | None = "words",
) -> dict:
    return {
        "event_id": event_id,
        "start": pd.Timestamp(start),
        "end": pd.Timestamp(end or start),
        "date_precision": precision,
        "kind": kind,
        "title_en": title_en or f"Event {event_id}",
        "title_zh": title_zh or f"事件{event_id}",
        "area_id": area_id,
        "place_id": None,
        "source_id": source_id,
        "evidence": evidence,
    }


def conflict(conflict_id: str, topic_en: str | None = None, topic_zh: str | None = None, kind: str = "value") -> dict:
    return {
        "conflict_id": conflict_id,
        "kind": kind,
        "topic_en": topic_en or f"Topic {conflict_id}",
        "topic_zh": topic_zh or f"主题{conflict_id}",
        "explanation_en": "e",
        "explanation_zh": "说明",
    }


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A frame of one table's rows, with the table's columns even when there are no rows."""
    return pd.DataFrame(rows, columns=TABLES[name].column_names)


def provinces(*rings: list[tuple[float, float]]) -> dict:
    """A GeoJSON of provinces as the shipped file has them: one province (a MultiPolygon) per ring."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": f"{i + 1}0000", "kind": "province", "name_en": f"P{i}", "name_zh": f"省{i}"},
            "geometry": {"type": "MultiPolygon", "coordinates": [[list(ring)]]},
        }
        for i, ring in enumerate(rings)
    ]
    return {"type": "FeatureCollection", "features": features}


UNITS = pd.DataFrame(
    [
        unit("things", label_en="things", label_zh="个", axis_en="Things", axis_zh="数量（个）"),
        unit("tb", label_en="TB", label_zh="TB", axis_en="TB", axis_zh="TB", kind="volume"),
    ]
)
SOURCES = pd.DataFrame([source(s, g) for s, g in (("src_a", "high"), ("src_b", "medium"), ("src_low", "low"))])
PLACES = pd.DataFrame([place(p, name_zh=z) for p, z in (("alpha", "甲"), ("beta", "乙"), ("gamma", "丙"))])


def metric(
    metric_id: str,
    unit: str = "things",
    area_id: str | None = "data_market",
    *,
    name_en: str | None = None,
    name_zh: str | None = None,
    headline_rank: int | None = None,
) -> dict:
    return {
        "metric_id": metric_id,
        "name_en": name_en or f"Metric {metric_id}",
        "name_zh": name_zh or f"指标{metric_id}",
        "unit": unit,
        "area_id": area_id,
        "definition_en": "d",
        "definition_zh": "定义",
        "headline_rank": headline_rank,
    }


def obs(
    obs_id: str,
    metric_id: str,
    value: float,
    as_of: str,
    *,
    published: str | None = None,
    source_id: str = "src_a",
    qualifier: str = "exact",
    kind: str = "reported",
    formula: str | None = None,
    status: str = "actual",
    place_id: str | None = None,
    unit: str = "things",
    precision: str = "year",
    evidence: str = "words",
    note: str | None = None,
    note_zh: str | None = None,
    added_in: str = "1.0.0",
) -> dict:
    return {
        "obs_id": obs_id,
        "metric_id": metric_id,
        "value": float(value),
        "unit": unit,
        "qualifier": qualifier,
        "as_of": pd.Timestamp(as_of),
        "as_of_precision": precision,
        "period_start": pd.NaT,
        "published": pd.Timestamp(published or as_of),
        "source_id": source_id,
        "evidence": None if kind == "derived" else evidence,
        "kind": kind,
        "formula": formula,
        "status": status,
        "note": note,
        "note_zh": note_zh,
        "place_id": place_id,
        "added_in": added_in,
    }


def view_of(
    observations: list[dict],
    metrics: list[dict] | None = None,
    *,
    units: Sequence[dict] = (),
    sources: Sequence[dict] = (),
    conflicts: dict[str, list[str]] | None = None,
    probable_errors: Sequence[str] = (),
) -> pd.DataFrame:
    """The observation view of these observations. Metrics default to one per metric id (unit `things`);
    `units` and `sources` are added to UNITS and SOURCES; `conflicts` maps a conflict id to its member
    observations, of which those in `probable_errors` are judged probable slips."""
    metrics = metrics or [metric(m) for m in dict.fromkeys(o["metric_id"] for o in observations)]
    members = table(
        "conflict_members",
        [
            {
                "conflict_id": c,
                "member_table": "observations",
                "member_id": m,
                "assessment": "probable_error" if m in probable_errors else "kept",
            }
            for c, ids in (conflicts or {}).items()
            for m in ids
        ],
    )
    return views.observation_view(
        pd.DataFrame(observations),
        pd.DataFrame(metrics),
        pd.concat([UNITS, pd.DataFrame(list(units))], ignore_index=True) if units else UNITS,
        all_sources(*sources),
        members,
        PLACES,
    )


# A release as release.csv describes one (the downloads' "about" sheet, an indicator's citation).
RELEASE = {
    "version": "9.8.7",
    "released": pd.Timestamp("2026-11-30"),
    "title": "T",
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "note": "",
}


def all_sources(*extra: dict) -> pd.DataFrame:
    """SOURCES and these extra sources."""
    return pd.concat([SOURCES, pd.DataFrame(list(extra))], ignore_index=True) if extra else SOURCES


def curated(**tables: list[dict]) -> dict[str, CuratedTable]:
    """Curated tables as `curation.read` gives them to the rules, from a few row dicts per table: columns
    left out are empty (None), and row i sits on line i + 2 of its file (the header is line 1)."""
    specs = TABLES | CURATION_TABLES
    return {
        name: CuratedTable(
            specs[name],
            [dict.fromkeys(specs[name].column_names) | row for row in rows],
            list(range(2, len(rows) + 2)),
        )
        for name, rows in tables.items()
    }


def tiny_pdf(text: str | None) -> bytes:
    """A one-page PDF whose text layer is `text` (Helvetica), or a page with no text at all."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
