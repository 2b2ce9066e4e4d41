"""Text a chart shows about a row: its value, unit, publisher, hover card and footnote, HTML-escaped."""

from __future__ import annotations

import html

import pandas as pd

from dashboard.charts.base import FOOTNOTE_WIDTH, MAX_FOOTNOTE_SOURCES
from dashboard.formatting import (
    format_date,
    format_value,
    join_lines,
    wrap_text,
)
from dashboard.i18n import join, pick, t
from dashboard.schema import (
    Grade,
    ObservationKind,
    Precision,
    Status,
)

# Shared pieces ------------------------------------------------------------------------------------


def esc(text) -> str:
    """Data text made safe for Plotly's HTML-like labels."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def unit_of(row) -> dict:
    return {
        "label_en": row["label_en"],
        "label_zh": row["label_zh"],
        "zh_scale": row["zh_scale"],
        "kind": row["unit_kind"],
    }


def value_text(row, lang: str, *, long: bool = False, with_unit: bool = True) -> str:
    return format_value(
        row["value"],
        row["qualifier"],
        unit_of(row),
        lang,
        long=long,
        with_unit=with_unit,
        derived=row["kind"] == ObservationKind.DERIVED,
    )


def publisher(row, lang: str) -> str:
    return pick(row, "publisher", lang)


def source_label(row, lang: str) -> str:
    """'Publisher, date' for a footnote or legend."""
    return join((publisher(row, lang), format_date(row["published"], row["published_precision"], lang)), lang, "comma")


def hover_text(row, lang: str, conflicts: dict[str, str] | None = None) -> str:
    """Everything about one figure, for its hover label."""
    metric = esc(pick(row, "name", lang))
    lines = [f"<b>{metric}</b>", f"{t('chart.hover.value', lang)}: <b>{esc(value_text(row, lang, long=True))}</b>"]
    as_of = format_date(row["as_of"], row["as_of_precision"], lang)
    if pd.notna(row.get("period_start")):
        start = format_date(row["period_start"], "month" if row["as_of_precision"] != Precision.YEAR else "year", lang)
        lines.append(f"{t('chart.hover.period', lang)}: {esc(start)} – {esc(as_of)}")
    else:
        lines.append(f"{t('chart.hover.as_of', lang)}: {esc(as_of)}")
    if row["status"] != Status.ACTUAL:
        lines.append(f"{t('chart.hover.status', lang)}: {t('status.' + row['status'], lang)}")
    lines.append(f"{t('chart.hover.source', lang)}: {esc(source_label(row, lang))}")
    grade = t("grade." + row["grade"], lang)
    lines.append(f"{t('chart.hover.grade', lang)}: {grade}" + (" ⚠" if row["grade"] == Grade.LOW else ""))
    if row["kind"] == ObservationKind.DERIVED:
        lines.append(f"{t('chart.hover.formula', lang)}: {esc(t('chart.derived_by_us', lang))}")
        lines.append(wrap_text(esc(row["formula"]), "en", 70))
    else:
        lines.append(f"{t('chart.hover.evidence', lang)}: “{wrap_text(esc(row['evidence']), lang)}”")
    note = pick(row, "note", lang)
    if note:
        lines.append(f"{t('chart.hover.note', lang)}: {wrap_text(esc(note), lang)}")
    if conflicts and row.get("conflict_ids"):
        topics = [conflicts.get(c, c) for c in row["conflict_ids"]]
        lines.append(f"<b>{t('chart.hover.conflict', lang)}</b>: {esc(join(topics, lang))}")
    return "<br>".join(lines)


def footnote_lines(rows: pd.DataFrame, lang: str, width: int = FOOTNOTE_WIDTH) -> list[str]:
    """'Source: A, date; B, date' in lines of `width`, low-grade and derived remarks, and the site line. The
    footnote starts where the plot does: a chart with long labels left of its plot gives a smaller width."""
    # one label per source and date: formatted once each, however many figures they back
    label_columns = [c for c in ("publisher", "publisher_zh", "published", "published_precision") if c in rows]
    reported = (
        rows.loc[rows["kind"] == ObservationKind.REPORTED, label_columns] if "obs_id" in rows else rows[label_columns]
    )
    ordered = reported.sort_values("published", kind="stable") if "published" in reported else reported
    ordered = ordered.drop_duplicates()
    labels = list(dict.fromkeys(source_label(r, lang) for _, r in ordered.iterrows()))
    if len(labels) > MAX_FOOTNOTE_SOURCES:
        labels = [t("chart.many_sources", lang, n=len(labels))]
    word = t("chart.source", lang) if len(labels) == 1 else t("chart.sources", lang)
    pieces = labels.copy()
    if pieces:  # only derived rows: no publisher to name, the derived remark below says whose they are
        pieces[0] = t("fmt.labelled", lang, label=word, text=pieces[0])
    if "obs_id" in rows and (rows["kind"] == ObservationKind.DERIVED).any():
        pieces.append(t("chart.legend.derived", lang))
    if "grade" in rows and (rows["grade"] == Grade.LOW).any():
        pieces.append("⚠ " + t("chart.legend.low", lang))
    lines = join_lines(pieces, t("punct.semicolon", lang), width)
    return [esc(line) for line in lines] + [esc(t("chart.footer_site", lang))]


def conflict_topics(conflicts: pd.DataFrame | None, lang: str) -> dict[str, str]:
    if conflicts is None or conflicts.empty:
        return {}
    return {r.conflict_id: pick(r._asdict(), "topic", lang) for r in conflicts.itertuples()}


def labels_plain(row, lang: str, label_by: str) -> str:
    if label_by == "source":
        who = t("chart.derived_by_us", lang) if row["kind"] == ObservationKind.DERIVED else publisher(row, lang)
        return t("fmt.labelled", lang, label=who, text="").rstrip()
    return t("fmt.labelled", lang, label=pick(row, "name", lang), text="").rstrip()
