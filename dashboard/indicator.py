"""The page of one indicator (a metric), as pure view-models: what it is, every report of it, what was
known at each publication date ("vintages"), its sources, conflicts, notes and derived figures, how to
cite and embed it; and the catalogue of every indicator. No Streamlit here: DataFrames in, plain values
out, so each piece is testable alone (tests/test_indicator.py, on synthetic frames)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import numpy as np
import pandas as pd

from dashboard import charts, export, views
from dashboard.charts import Chart, value_text
from dashboard.formatting import format_date, iso_date
from dashboard.i18n import column, pick, t
from dashboard.schema import AreaKind, Grade, ObservationKind, Status
from dashboard.theme import palette

PARAM = "id"
SEARCH_PARAM = "search"
URL_PATH = "indicator"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def page_url(base_url: str, metric_id: str, lang: str | None = None, **extra: str) -> str:
    params = {PARAM: metric_id, **({"lang": lang} if lang else {}), **extra}
    return f"{base_url.rstrip('/')}/{URL_PATH}?{urlencode(params)}"


def relative_url(metric_id: str, lang: str | None = None) -> str:
    """The indicator page's address relative to the site root (for links inside the dashboard)."""
    return page_url("", metric_id, lang)


# Catalogue ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    metric_id: str
    name: str
    reports: int
    latest: str  # the latest trusted figure as text ('' when there is none)


def top_area(areas: pd.DataFrame, area_id) -> str | None:
    """The priority an area belongs to (an action's parent), or None for a metric outside every area."""
    if not isinstance(area_id, str) or not area_id:
        return None
    parent = areas.set_index("area_id").parent_id.get(area_id)
    return parent if isinstance(parent, str) and parent else area_id


def matches(metric: pd.Series | dict, query: str) -> bool:
    """Whether every word of `query` appears in the metric's id, names or definitions."""
    haystack = " ".join(
        str(metric.get(k) or "") for k in ("metric_id", "name_en", "name_zh", "definition_en", "definition_zh")
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def catalogue(
    view: pd.DataFrame,
    metrics: pd.DataFrame,
    areas: pd.DataFrame,
    lang: str,
    query: str = "",
    latest: pd.DataFrame | None = None,
) -> list[tuple[str, list[CatalogueEntry]]]:
    """Every indicator (or those matching `query`), grouped by priority in the meeting's order, then the
    cross-cutting theme, then those outside every priority. `latest` is `views.latest_of_each(view)`,
    when the caller holds it already."""
    order = [
        *areas[areas.kind == AreaKind.PRIORITY].sort_values("rank").area_id,
        *areas[areas.kind == AreaKind.CROSS_CUTTING].sort_values("rank").area_id,
    ]
    names = dict(zip(areas.area_id, areas[column("name", lang)], strict=True))
    counts = view.groupby("metric_id").size()
    latest = views.latest_of_each(view) if latest is None else latest
    shown = ["value", "qualifier", "label_en", "label_zh", "zh_scale", "unit_kind", "kind"]  # what value_text reads
    latest_rows = dict(zip(latest.metric_id, latest[shown].to_dict("records"), strict=True))
    parents = areas.set_index("area_id").parent_id
    tops = {a: (p if isinstance(p, str) and p else a) for a, p in parents.items()}
    groups: dict[str | None, list[CatalogueEntry]] = {}
    for metric in metrics.sort_values("metric_id").to_dict("records"):
        if query and not matches(metric, query):
            continue
        metric_id = metric["metric_id"]
        row = latest_rows.get(metric_id) if metric_id in counts else None
        entry = CatalogueEntry(
            metric_id,
            pick(metric, "name", lang),
            int(counts.get(metric_id, 0)),
            value_text(row, lang) if row is not None else "",
        )
        area_id = metric.get("area_id")
        groups.setdefault(tops.get(area_id, area_id) if isinstance(area_id, str) and area_id else None, []).append(
            entry
        )
    ordered = [(names[a], sorted(groups[a], key=lambda e: e.name)) for a in order if a in groups]
    rest = [e for key, entries in groups.items() if key not in order for e in entries]
    if rest:
        ordered.append((t("indicator.other_group", lang), sorted(rest, key=lambda e: e.name)))
    return ordered


# One indicator -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    metric_id: str
    name: str
    definition: str
    unit: str
    priority: str  # the priority's name ('' for none)
    action: str  # the specialized action's name ('' for none)
    priority_id: str | None
    latest: str  # one sentence: the latest trusted figure, its date and source ('' if none)
    rows: pd.DataFrame  # every observation of the metric (national and by place), in time order
    national: pd.DataFrame  # the national ones (drawn as a series)
    vintages: pd.DataFrame  # what was known at each publication date
    conflicts: tuple[tuple[str, str], ...]  # (topic, explanation)
    notes: tuple[str, ...]  # caveats of its figures, each with the figure's date
    derived: tuple[str, ...]  # its derived figures and those derived from it, with formulas
    source_ids: tuple[str, ...]  # the sources of its figures, newest first


def _when(row, lang: str) -> str:
    return format_date(row["as_of"], row["as_of_precision"], lang)


def _publisher(row, lang: str) -> str:
    return pick(row, "publisher", lang)


def vintages(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What a reader could have known at each date a report of the metric was published, for each place
    (the whole country, or each province or city) that a report was about that day: the figure that was
    then the latest one for that place (the rule of the cards, among actual figures: a forecast or target is
    never taken for it), the latest forecast or target known then (kept apart), and what was published that
    day. Like ALFRED's vintages; the routes' `known_at=` reads the same function (`views.known_at`)."""
    columns = ["known_at", "place", "latest", "as_of", "source", "expected", "published_that_day", "changed", "obs_id"]
    records = []
    if rows.empty:
        return pd.DataFrame(columns=columns)
    metric_id = rows.metric_id.iloc[0]
    places = rows.place_id.where(rows.place_id.notna() & (rows.place_id != ""), "")
    names = {
        p: (pick(r, "place", lang) if p else t("indicator.national", lang))
        for p, r in zip(places, rows.to_dict("records"), strict=True)
    }
    texts = {r["obs_id"]: f"{value_text(r, lang)} ({_when(r, lang)})" for r in rows.to_dict("records")}
    previous: dict[str, str] = {}
    for published in sorted(rows.published.dropna().unique()):
        that_day = rows.published == published
        for place in sorted(set(places[that_day]), key=lambda p: (p != "", p)):  # the same order in each language
            mine = rows[places == place]
            latest, outlook = views.known_latest(mine, metric_id, published)
            new = ", ".join(texts[o] for o in rows.obs_id[that_day & (places == place)])
            obs_id = "" if latest is None else str(latest["obs_id"])
            records.append(
                {
                    "known_at": format_date(published, "day", lang),
                    "place": names[place],
                    "latest": ""
                    if latest is None
                    else ("⚠ " if latest["grade"] == Grade.LOW else "") + value_text(latest, lang),
                    "as_of": "" if latest is None else _when(latest, lang),
                    "source": "" if latest is None else _publisher(latest, lang),
                    "expected": ""
                    if outlook is None
                    else t(
                        "fmt.aside",
                        lang,
                        text=value_text(outlook, lang),
                        aside=t("status." + outlook["status"], lang) + t("punct.comma", lang) + _when(outlook, lang),
                    ),
                    "published_that_day": new,
                    "changed": place not in previous or obs_id != previous[place],
                    "obs_id": obs_id,
                }
            )
            previous[place] = obs_id
    return pd.DataFrame.from_records(records, columns=columns)


def _derived_lines(rows: pd.DataFrame, view: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """The metric's derived figures with their formulas and inputs, then the figures of other metrics
    derived from this one's."""
    by_obs = view.set_index("obs_id")
    lines = []

    def inputs(formula: str) -> str:
        parts = []
        for obs_id in dict.fromkeys(_IDENTIFIER.findall(formula or "")):
            if obs_id in by_obs.index:
                source = by_obs.loc[obs_id]
                parts.append(f"{obs_id} = {value_text(source, lang)} ({_publisher(source, lang)})")
        return "; ".join(parts)

    for _, row in rows[rows.kind == ObservationKind.DERIVED].iterrows():
        lines.append(
            t(
                "indicator.derived_line",
                lang,
                value=value_text(row, lang),
                date=_when(row, lang),
                formula=str(row["formula"]),
                inputs=inputs(str(row["formula"])),
            )
        )
    own = set(rows.obs_id)
    others = view[
        (view.kind == ObservationKind.DERIVED) & (view.metric_id != (rows.metric_id.iloc[0] if len(rows) else ""))
    ]
    for _, row in others.iterrows():
        if own & set(_IDENTIFIER.findall(str(row["formula"] or ""))):
            lines.append(
                t(
                    "indicator.derived_from_line",
                    lang,
                    metric=pick(row, "name", lang),
                    value=value_text(row, lang),
                    date=_when(row, lang),
                    formula=str(row["formula"]),
                )
            )
    return tuple(lines)


def build(
    view: pd.DataFrame,
    metrics: pd.DataFrame,
    areas: pd.DataFrame,
    conflicts: pd.DataFrame,
    members: pd.DataFrame,
    metric_id: str,
    lang: str,
) -> Indicator | None:
    """The indicator's view-model, or None for an unknown id."""
    known = metrics[metrics.metric_id == metric_id]
    if known.empty:
        return None
    metric = known.iloc[0]
    rows = view[view.metric_id == metric_id].sort_values(["as_of", "published", "obs_id"], kind="stable")
    by_area = areas.set_index("area_id")
    area_id = metric.get("area_id")
    priority_id = top_area(areas, area_id)
    priority = pick(by_area.loc[priority_id], "name", lang) if priority_id in by_area.index else ""
    action = (
        pick(by_area.loc[area_id], "name", lang)
        if (isinstance(area_id, str) and area_id in by_area.index and area_id != priority_id)
        else ""
    )
    unit = ""
    if len(rows):
        unit = pick(rows.iloc[0], "label", lang)
    latest_line = ""
    latest = views.latest_reports(rows, metric_id)["latest"] if len(rows) else None
    if latest is not None:
        latest_line = t(
            "indicator.latest",
            lang,
            value=value_text(latest, lang, long=True),
            date=_when(latest, lang),
            publisher=_publisher(latest, lang),
            published=format_date(latest["published"], latest["published_precision"], lang),
        )
    conflict_rows = views.conflicts_of(conflicts, members, rows.obs_id)
    notes = []
    for _, row in rows.iterrows():
        note = pick(row, "note", lang)
        if note:
            notes.append(f"{_when(row, lang)} · " + t("fmt.labelled", lang, label=_publisher(row, lang), text=note))
    sources = rows.sort_values("published", ascending=False, kind="stable").source_id
    return Indicator(
        metric_id=metric_id,
        name=pick(metric, "name", lang),
        definition=pick(metric, "definition", lang),
        unit=unit,
        priority=priority,
        action=action,
        priority_id=priority_id,
        latest=latest_line,
        rows=rows,
        national=views.metric_rows(rows, metric_id),
        vintages=vintages(rows, lang),
        conflicts=tuple((pick(c, "topic", lang), pick(c, "explanation", lang)) for _, c in conflict_rows.iterrows()),
        notes=tuple(dict.fromkeys(notes)),
        derived=_derived_lines(rows, view, lang),
        source_ids=tuple(s for s in dict.fromkeys(sources) if isinstance(s, str)),
    )


# The chart: every report over time, each source with its own colour -------------------------------


def _point_traces(figure) -> list:
    """The one-point traces that series_chart draws for each report (in the order of its rows)."""
    return [tr for tr in figure.data if getattr(tr, "mode", None) == "markers+text" and len(tr.x or ()) == 1]


def chart(
    rows: pd.DataFrame, lang: str, theme: str, *, key: str, conflicts: pd.DataFrame | None = None
) -> Chart | None:
    """Every national report of one metric over time, drawn as the other pages draw a series (bounds stay
    bounds, targets hollow stars, low-grade sources hollow with ⚠, conflicts ringed), with one colour and
    one legend entry per source, so that who said what can be read off the chart."""
    if rows.empty:
        return None
    built = charts.series_chart(rows, lang, theme, key=key, conflicts=conflicts)
    pal = palette(theme)
    figure = built.figure
    drawn = charts.series_window(built.rows)  # the reports drawn (a long series draws its latest)
    # each source its colour, the same on every indicator's page and in both languages, never the series'
    line = charts.series_colours(list(dict.fromkeys(drawn.metric_id)), pal).values()
    colours = charts.series_colours((_publisher(r, "en") for _, r in drawn.iterrows()), pal, reserved=line)
    shown: set[str] = set()
    rows_before = charts.legend_rows(figure, 92 * charts.TITLE_PX_PER_WIDTH)
    points = _point_traces(figure)
    if len(points) == len(drawn):
        for trace, (_, row) in zip(points, drawn.iterrows(), strict=True):
            who, colour = _publisher(row, lang), colours[_publisher(row, "en")]
            trace.marker.color = colour if row["status"] == Status.ACTUAL else trace.marker.color
            if not row.get("conflict_ids"):
                trace.marker.line.color = colour
            trace.name = charts.esc(who)
            trace.legendgroup = f"source-{who}"
            trace.showlegend = who not in shown
            shown.add(who)
        figure.update_layout(showlegend=True)
        refit_legend(figure, rows_before)  # a legend entry per source takes more rows than the series' did
    return Chart(key, figure, built.summary, built.rows)


PATH_POINTS = 13  # points along a needed path (a smooth curve on a linear or a log scale)


@dataclass(frozen=True)
class NeededPath:
    """The path a figure must follow to reach its target: compound growth from the latest report to the
    deadline (what `targets.needed` measures), drawn from the report to the target."""

    start: pd.Timestamp
    start_value: float
    end: pd.Timestamp
    end_value: float
    hover: str  # HTML-escaped


def _year_axis(figure) -> bool:
    """Whether the chart places figures by year (annual figures: the year as a number) rather than by date."""
    for trace in figure.data:
        if trace.x is not None and len(trace.x):
            return isinstance(trace.x[0], (int, np.integer))
    return False


def _on_axis(days: list[pd.Timestamp], years: bool) -> list:
    """Dates as the chart's x axis places them: a year axis puts 31 December of a year at the year itself."""
    if not years:
        return days
    return [d.year + (d - pd.Timestamp(d.year, 12, 31)).days / 365.25 for d in days]


def refit_legend(figure, rows_before: int) -> None:
    """Move the plot down by the legend rows added after the chart was finished, so that the legend never
    covers the title (`charts.legend_rows`, as the chart's finishing step measures it)."""
    added = charts.legend_rows(figure, 92 * charts.TITLE_PX_PER_WIDTH) - rows_before
    if added > 0:
        layout = figure.layout
        layout.margin.t = (layout.margin.t or 0) + charts.LEGEND_ROW * added
        layout.height = (layout.height or 0) + charts.LEGEND_ROW * added


def add_needed_paths(built: Chart, paths: list[NeededPath], lang: str, theme: str) -> Chart:
    """The chart with each path drawn as a dashed line in the targets' grey, one legend entry for all."""
    if not paths:
        return built
    pal = palette(theme)
    rows_before = charts.legend_rows(built.figure, 92 * charts.TITLE_PX_PER_WIDTH)
    years = _year_axis(built.figure)
    for i, path in enumerate(paths):
        steps = [k / (PATH_POINTS - 1) for k in range(PATH_POINTS)]
        ratio = path.end_value / path.start_value
        built.figure.add_trace(
            dict(
                type="scatter",
                x=_on_axis([path.start + (path.end - path.start) * f for f in steps], years),
                y=[path.start_value * ratio**f for f in steps],
                mode="lines",
                line={"color": pal.target, "width": 2, "dash": "dash"},
                name=charts.esc(t("targets.needed_path", lang)),
                legendgroup="needed-path",
                showlegend=i == 0,
                hovertext=[path.hover] * PATH_POINTS,
                hoverinfo="text",
            )
        )
    refit_legend(built.figure, rows_before)
    return built


# Citation and embedding --------------------------------------------------------------------------


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(text)).replace("~", r"\textasciitilde{}").replace("^", r"\^{}")


def citations(
    names: tuple[str, str], metric_id: str, release, url: str, data_url: str, accessed: str
) -> dict[str, str]:
    """Plain text, APA (7th edition, data set), BibTeX and GB/T 7714-2015 ([DS/OL], for Chinese readers)
    citations of an indicator: `names` its English and Chinese names, `url` its page, `data_url` its figures
    in this dataset version (an address under /data/v/<version>/ that keeps serving that version). Each
    names the version; the BibTeX key holds it, so that two versions are two entries."""
    name_en, name_zh = names
    year = iso_date(release["released"])[:4]
    version = str(release["version"])
    licence = str(release["licence"])
    day = pd.Timestamp(accessed)
    apa_date = f"{day.strftime('%B')} {day.day}, {day.year}"
    key = re.sub(r"[^a-z0-9]+", "_", f"cdmm {metric_id} {year} v{version}".casefold()).strip("_")
    return {
        "plain": (
            f"China Data Market Monitor ({year}). {name_en} [{metric_id}], dataset version {version}. {url} "
            f"(accessed {accessed}). Data: {data_url}. Licence: {licence}."
        ),
        "apa": (
            f"China Data Market Monitor. ({year}). {name_en} ({metric_id}) (Version {version}) [Data set]. "
            f"Retrieved {apa_date}, from {data_url}"
        ),
        "bibtex": "\n".join(
            [
                f"@misc{{{key},",
                "  author       = {{China Data Market Monitor}},",
                f"  title        = {{{_bibtex_escape(name_en)} ({_bibtex_escape(metric_id)})}},",
                f"  year         = {{{year}}},",
                f"  version      = {{{version}}},",
                "  howpublished = {Data set},",
                f"  url          = {{{data_url}}},",
                f"  urldate      = {{{accessed}}},",
                f"  note         = {{Dataset version {version}, accessed {accessed}. Indicator page: {url}. "
                f"Licence: {_bibtex_escape(licence)}}}",
                "}",
            ]
        ),
        "gbt7714": t(
            "cite.gbt7714",
            "zh",
            author=t("app.title", "zh"),
            title=f"{name_zh}（{metric_id}）",
            version=version,
            released=iso_date(release["released"]),
            accessed=accessed,
            url=data_url,
        ),
    }


def document(
    metric: dict,
    rows: pd.DataFrame,
    sources: pd.DataFrame,
    release,
    base_url: str,
    accessed: str,
) -> dict:
    """One indicator in one JSON document (/data/metrics/<id>.json): its names and definitions, unit, area,
    the latest national figure and, kept apart, the latest forecast or target (as the page's "what was known
    when" reads them today), the latest figure of each place, every figure (`series`: the rows of
    /data/observations.json?metric=<id>), its sources, the addresses of its page and of its data in this
    version, and its citations. `records` and `source_citation` are export's writers."""
    metric_id = str(metric["metric_id"])
    version = str(release["version"])
    national = views.national(rows)
    latest, outlook = views.known_latest(national, metric_id, pd.Timestamp.max.normalize())
    places = views.by_place(rows)
    by_place = []
    for place_id in sorted(set(places.place_id)):
        found, _ = views.known_latest(places[places.place_id == place_id], metric_id, pd.Timestamp.max.normalize())
        if found is not None:
            by_place.append(found)
    cited = sources[sources.source_id.isin(set(rows.source_id))].sort_values(["published", "source_id"])
    page = page_url(base_url, metric_id)
    data = data_urls(base_url, metric_id, version)
    first = rows.iloc[0] if len(rows) else {}

    def one(row) -> dict | None:
        return None if row is None else export.records(pd.DataFrame([row]))[0]

    return {
        "metric_id": metric_id,
        "dataset_version": version,
        "name": {"en": metric["name_en"], "zh": metric["name_zh"]},
        "definition": {"en": metric["definition_en"], "zh": metric["definition_zh"]},
        "unit": {
            "unit_id": metric["unit"],
            "en": first.get("label_en") if len(rows) else None,
            "zh": first.get("label_zh") if len(rows) else None,
        },
        "area_id": metric["area_id"] if isinstance(metric["area_id"], str) else None,
        "latest": one(latest),
        "latest_forecast_or_target": one(outlook),
        "latest_by_place": export.records(pd.DataFrame(by_place)) if by_place else [],
        "series": export.records(rows),
        "sources": [
            {
                "source_id": s["source_id"],
                "publisher": {"en": s["publisher"], "zh": s["publisher_zh"]},
                "title": {"en": s["title"], "zh": s["title_zh"]},
                "published": iso_date(s["published"]),
                "url": s["url"] if isinstance(s["url"], str) and s["url"] else None,
                "grade": s["grade"],
                "citation": export.source_citation(s),
            }
            for _, s in cited.iterrows()
        ],
        "page": page,
        "data": data,
        "citation": citations(
            (str(metric["name_en"]), str(metric["name_zh"])), metric_id, release, page, data["csv"], accessed
        ),
    }


def embed_snippet(base_url: str, metric_id: str, lang: str, title: str) -> str:
    src = page_url(base_url, metric_id, lang, embed="true")
    return (
        f'<iframe src="{html.escape(src)}" width="100%" height="900" style="border:0" '
        f'title="{html.escape(title)}"></iframe>'
    )


def data_urls(base_url: str, metric_id: str, version: str | None = None) -> dict[str, str]:
    """The HTTP routes that give this indicator's figures (those of `version` only, when it is given)."""
    query = "metric=" + quote(metric_id)
    base = base_url.rstrip("/") + (f"/data/v/{version}" if version else "/data")
    return {fmt: f"{base}/observations.{fmt}?{query}" for fmt in ("csv", "parquet", "json", "xlsx")}
