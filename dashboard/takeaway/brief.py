"""One-page briefs (issues 14 and 21): for the overview and each priority, one A4 page to print or forward —
the headline figures, the key chart (a chart of the market: the series of the first headline figure that has
one), three findings (the checked sentences of the series, `charts.series_sentence`), the conflicts to watch
(those the headline figures are part of first) and the sources with their grades, in English or Chinese.

The page is print-styled HTML printed to PDF by the server's Chromium (`image_export.pdf`), in TrueType
fonts that it embeds as subsets (see FONTS). The key chart is drawn as SVG, so it stays sharp on paper.
If the page would run over one sheet, the page's own tighter levels (smaller type, a shorter chart, fewer
source lines, each with its "and N more" line) are tried in turn. Built once per dataset version and
language. Pure: no Streamlit here.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from dashboard import charts, figures, models, views
from dashboard.cache import per_dataset
from dashboard.data import load_table
from dashboard.formatting import format_date
from dashboard.i18n import pick, t
from dashboard.layouts import CHART_KINDS, Block, BlockKind
from dashboard.navigation import AREA_PAGE_IDS
from dashboard.schema import Grade, ObservationKind
from dashboard.takeaway import deck, deck_pptx
from dashboard.takeaway.deck_pptx import CardText, page_name, plain

MIME = "application/pdf"
HEADLINE_FIGURES = {"overview": 5}  # cards in the headline row (the page's first group: 4 on a priority)
MAX_HEADLINE = 4
FINDINGS = 3
CONFLICT_LINES = (3, 3, 2, 2)  # conflicts at each fit level (the rest are counted)
SOURCE_LINES = (9, 7, 5, 4)  # source lines at each fit level (the rest are counted)
FIT_LEVELS = len(SOURCE_LINES) - 1  # as many levels as CONFLICT_LINES
CHART_PX = (900, 300)  # the key chart's CSS size (drawn as SVG)
CHART_FONT_SCALE = 1.2
# TrueType fonts first: Chromium embeds them as subsets that copy and search as text, where it draws an
# OpenType CFF font (Noto Sans CJK) as Type 3 glyphs. Latin text (and its quotes and middle dots, which a
# CJK font sets full-width) in Liberation Sans (Arial's metrics), symbols in DejaVu Sans, Chinese in Droid
# Sans Fallback; the others where those are missing. Faces are never synthesised (`font-synthesis: none`):
# a made-up bold is drawn as Type 3 too, so Chinese in bold prints in the regular weight.
FONTS = (
    '"Liberation Sans", Arimo, Arial, "DejaVu Sans", "Droid Sans Fallback", "WenQuanYi Zen Hei", '
    '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)
AGGREGATE_KINDS = (
    BlockKind.FIGURES_PER_AREA,
    BlockKind.SOURCE_GRADES,
)  # charts over every figure: their sources are not listed


@dataclass(frozen=True)
class Source:
    publisher: str
    date: str
    title: str
    grade: str  # high | medium | low


@dataclass(frozen=True)
class BriefContent:
    page_id: str
    lang: str
    title: str
    lead: str
    meta: str
    figures: tuple[CardText, ...]
    chart_block: Block | None
    chart_title: str
    chart_source: str
    findings: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]
    sources: tuple[Source, ...]

    @property
    def has_figures(self) -> bool:
        return bool(self.figures or self.chart_block is not None)


def file_name(page_id: str, lang: str) -> str:
    return deck_pptx.file_name(f"brief-{page_id}", lang, "pdf")


def _chart_blocks(page_id: str, lang: str) -> list[Block]:
    return [b for b in deck.page_blocks(page_id, lang) if b is not None and b.kind in (*CHART_KINDS, *AGGREGATE_KINDS)]


def _sources(ids: list[str]) -> tuple[str, ...]:
    table = load_table("sources").set_index("source_id")
    rank = {grade: number for number, grade in enumerate(Grade)}
    counts = Counter(ids)
    ordered = sorted(counts, key=lambda s: (-counts[s], rank.get(table.loc[s, "grade"], 3), s))
    return tuple(ordered)


def _source_rows(ids: tuple[str, ...], lang: str) -> tuple[Source, ...]:
    table = load_table("sources").set_index("source_id")
    return tuple(
        Source(
            pick(table.loc[s], "publisher", lang),
            format_date(table.loc[s, "published"], table.loc[s, "published_precision"], lang),
            pick(table.loc[s], "title", lang),
            str(table.loc[s, "grade"]),
        )
        for s in ids
    )


def key_block(page_id: str, headline: tuple[str, ...], lang: str) -> Block | None:
    """The brief's key chart: a chart of the market, never a count of the dataset's rows. The series of the
    first headline figure that has one (reports on MIN_SERIES_POINTS dates), else the page's first series,
    else its first other chart of figures."""
    blocks = [b for b in _chart_blocks(page_id, lang) if b.kind not in AGGREGATE_KINDS]
    drawn = views.series_metrics(figures.observation_view(), headline)
    if drawn:  # the page's own chart of that series (its title and scale) where it has one
        own = [b for b in blocks if b.kind == BlockKind.SERIES and b.metrics[:1] == (drawn[0],)]
        return own[0] if own else Block(BlockKind.SERIES, (drawn[0],))
    blocks = [b for b in blocks if b.kind == BlockKind.SERIES] + [b for b in blocks if b.kind != BlockKind.SERIES]
    return next((b for b in blocks if figures.block_chart(b, lang, "light") is not None), None)


def findings_of(
    page_id: str, headline: tuple[str, ...], key: Block | None, lang: str
) -> tuple[tuple[str, ...], list[str]]:
    """Three findings: the checked sentence of each series the page states (`charts.series_sentence`: how a
    figure went from one report to the next, with the growth its unit allows), the headline figures' first,
    then the page's series charts, those with two dates or more before single figures; the key chart's own
    series is left out (its title states it). Returns the sentences and the sources of the reports they use."""
    own = set(key.metrics) if key is not None and key.kind == BlockKind.SERIES else set()
    series = [m for b in _chart_blocks(page_id, lang) if b.kind == BlockKind.SERIES for m in b.metrics]
    metrics = [m for m in dict.fromkeys((*headline, *series)) if m not in own]
    view = figures.observation_view()
    dated = set(views.series_metrics(view, metrics, min_points=2))
    out: list[str] = []
    source_ids: list[str] = []
    for metric_id in sorted(metrics, key=lambda m: m not in dated):
        rows = views.metric_rows(figures.metric_view(metric_id), metric_id)
        if rows.empty:
            continue
        sentence = charts.series_sentence(rows, lang)
        if sentence not in out:
            out.append(sentence)
            source_ids += list(views.sentence_pool(rows).source_id.dropna())
        if len(out) == FINDINGS:
            break
    return tuple(out), source_ids


def headline_conflicts(stated_ids: list[str], lang: str) -> list[str]:
    """The topics of the recorded conflicts a brief's headline figures (or its key chart's) are part of."""
    found = views.conflicts_of(load_table("conflicts"), load_table("conflict_members"), stated_ids)
    return [pick(c, "topic", lang) for _, c in found.iterrows()]


def content(page_id: str, lang: str) -> BriefContent:
    """What the brief of a page says (no rendering)."""
    blocks = deck.page_blocks(page_id, lang)
    card_blocks = [b for b in blocks if b is not None and b.kind == BlockKind.CARDS]
    headline = card_blocks[0].metrics[: HEADLINE_FIGURES.get(page_id, MAX_HEADLINE)] if card_blocks else ()
    built = [c for c in (deck_pptx.card_text(m, lang) for m in headline) if c is not None]
    source_ids = [latest["source_id"] for _, latest in built if latest["kind"] == ObservationKind.REPORTED]
    # the figures the cards state: each card's value, the report it is compared with, a later low-grade one
    stated = [r["obs_id"] for m in headline for r in models.reports(m).values() if r is not None]

    key = key_block(page_id, headline, lang)
    chart_title = chart_source = ""
    chart = figures.block_chart(key, lang, "light") if key is not None else None
    if chart is not None:
        chart_title = deck_pptx.chart_title(chart)
        chart_source = " ".join(
            line for line in charts.footnote_text(chart.figure) if line != t("chart.footer_site", lang)
        )
        if "source_id" in chart.rows:
            source_ids += list(chart.rows.source_id.dropna())
        if "obs_id" in chart.rows:
            stated += list(chart.rows.obs_id)
    findings, cited = findings_of(page_id, headline, key, lang)
    source_ids += cited

    # Conflicts: those the headline figures or the key chart are part of first; on a priority's brief, then
    # the rest of the page's (the overview's brief names only its headline figures' conflicts).
    touching = headline_conflicts(stated, lang)
    if page_id in AREA_PAGE_IDS:
        page = models.area_page(page_id, lang)
        lead = plain(page.summary)
        page_conflicts = [(plain(topic), plain(text)) for topic, text in page.conflicts]
        conflicts = tuple(sorted(page_conflicts, key=lambda c: c[0] not in touching))
        if not page.has_figures:
            source_ids += _area_other_sources(page_id)
    else:
        lead = t("overview.lead", lang)
        conflicts = _overview_conflicts(stated, lang)
    meta = plain(models.currency(lang))  # the version, date and licence are in the footer
    return BriefContent(
        page_id,
        lang,
        page_name(page_id, lang),
        lead,
        meta,
        tuple(c for c, _ in built),
        key,
        chart_title,
        chart_source,
        findings,
        conflicts,
        _source_rows(_sources(source_ids), lang),
    )


def _area_other_sources(area_id: str) -> list[str]:
    """The sources a page without figures cites: its events, its wording and its compliance notes."""
    areas = load_table("priority_areas")
    family = set(views.area_family(areas, area_id))
    ids = list(views.area_events(load_table("events"), areas, area_id).source_id)
    for name in ("area_wordings", "compliance_notes"):
        table = load_table(name)
        ids += list(table[table.area_id.isin(family)].source_id)
    return ids


def _overview_conflicts(stated_ids: list[str], lang: str) -> tuple[tuple[str, str], ...]:
    found = views.conflicts_of(load_table("conflicts"), load_table("conflict_members"), stated_ids)
    return tuple((pick(c, "topic", lang), pick(c, "explanation", lang)) for _, c in found.iterrows())


# The page ------------------------------------------------------------------------------------------

# Style only: no data reaches this string. `fit-N` are the tighter levels tried when the page runs over.
CSS = """
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { width: 210mm; padding: 10mm 12mm 8mm; font-family: @fonts@; font-synthesis: none; color: @text@;
  font-size: 9pt; line-height: 1.36; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { border-bottom: 2px solid @accent@; padding-bottom: 2mm; margin-bottom: 1mm; }
.kicker { color: @accent@; font-weight: 700; font-size: 8.2pt; letter-spacing: 0.02em; text-transform: uppercase; }
h1 { font-size: 19pt; line-height: 1.2; margin: 0.8mm 0 1.2mm; }
.lead { margin: 0 0 1mm; }
.meta { color: @muted@; font-size: 7.6pt; margin: 0; }
h2 { font-size: 10pt; color: @accent@; margin: 2.8mm 0 1.4mm; text-transform: uppercase; letter-spacing: 0.03em; }
.cards { display: grid; grid-template-columns: repeat(@columns@, 1fr); gap: 2.2mm; }
.card { background: @surface@; border: 1px solid @grid@; border-radius: 2mm; padding: 1.8mm 2.2mm; break-inside: avoid; }
.card .label { font-weight: 700; font-size: 8.2pt; line-height: 1.22; }
.card .value { color: @accent@; font-weight: 700; font-size: 16pt; line-height: 1.15; margin: 0.6mm 0; }
.card .line { color: @muted@; font-size: 7.2pt; line-height: 1.28; }
.card .remark { color: @low@; font-size: 7pt; line-height: 1.28; }
.chart-title { font-weight: 700; font-size: 10pt; margin: 0 0 0.8mm; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .source { color: @muted@; font-size: 7.2pt; margin-top: 0.4mm; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
ol.findings { margin: 0; padding-left: 4.5mm; }
ol.findings li { margin-bottom: 1.2mm; }
.conflict { border-left: 3px solid @conflict@; padding: 0.3mm 0 0.3mm 2.4mm; margin-bottom: 1.6mm; }
.conflict b { display: block; }
.conflict span { font-size: 8pt; }
.none { color: @muted@; margin: 0; }
table.sources { width: 100%; border-collapse: collapse; font-size: 7.6pt; line-height: 1.28; }
table.sources th { text-align: left; white-space: nowrap; color: @muted@; font-weight: 400; font-size: 7pt; padding: 0 1.5mm 0.4mm 0; }
table.sources td { padding: 0.6mm 1.5mm 0.6mm 0; vertical-align: top; border-top: 1px solid @grid@; }
td.grade { white-space: nowrap; width: 1%; }
.badge { display: inline-block; border-radius: 1mm; padding: 0 1.6mm; font-size: 7pt; font-weight: 700; color: #fff; }
.badge.high { background: @grade_high@; } .badge.medium { background: @grade_medium@; } .badge.low { background: @grade_low@; }
.more { color: @muted@; font-size: 7.4pt; margin: 0.8mm 0 0; }
.nofigures { background: @surface@; border: 1px solid @grid@; border-radius: 2mm; padding: 4mm; margin-top: 3mm; font-size: 10.5pt; }
footer { margin-top: 3mm; padding-top: 1.4mm; border-top: 1px solid @grid@; color: @muted@; font-size: 6.9pt; line-height: 1.32; }
.alt { display: none; }
body:not([class*="fit-"]) .alt-0, body.fit-1 .alt-1, body.fit-2 .alt-2, body.fit-3 .alt-3 { display: block; }
body.fit-1, body.fit-2, body.fit-3 { font-size: 8.6pt; line-height: 1.3; }
body.fit-1 .chart svg { height: 56mm; }
body.fit-2 .chart svg { height: 50mm; }
body.fit-2 .conflict span, body.fit-3 .conflict span { font-size: 7.6pt; }
body.fit-2 .card .line, body.fit-3 .card .line, body.fit-2 .card .remark, body.fit-3 .card .remark { font-size: 6.7pt; }
body.fit-3 .lead, body.fit-3 ol.findings { font-size: 8pt; }
body.fit-3 .chart svg { height: 44mm; }
@hide_sources@
"""


def _css(columns: int) -> str:
    pal = deck_pptx.PAL
    hide = [
        f"body.fit-{level} tr.src:nth-child(n+{n + 2}) {{ display: none; }}"  # the header row is the first
        for level, n in enumerate(SOURCE_LINES)
        if level > 0
    ]
    hide += [
        f"body.fit-{level} .conflict:nth-of-type(n+{n + 1}) {{ display: none; }}"
        for level, n in enumerate(CONFLICT_LINES)
        if level > 0
    ]
    values = {
        "text": pal.text,
        "accent": pal.accent,
        "muted": pal.muted,
        "surface": pal.surface,
        "grid": pal.grid,
        "low": pal.low,
        "conflict": pal.conflict,
        "grade_high": pal.grades[0],
        "grade_medium": pal.grades[1],
        "grade_low": pal.grades[2],
        "columns": str(columns),
        "hide_sources": "\n".join(hide),
        "fonts": FONTS,
    }
    return re.sub(r"@([a-z_]+)@", lambda m: values[m.group(1)], CSS)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _more_lines(count: int, shown_at: tuple[int, ...], key: str, lang: str) -> str:
    """'... and N more' for each fit level (the page's CSS shows the one for the level it prints at)."""
    return "".join(
        f"<p class='more alt alt-{level}'>{_e(t(key, lang, n=count - shown))}</p>"
        for level, shown in enumerate(shown_at)
        if count > shown
    )


def page_html(brief: BriefContent, chart_svg: str | None) -> str:
    """The brief as one print-styled HTML page (every text from the data escaped)."""
    lang = brief.lang
    parts = [
        f"<header><div class='kicker'>{_e(t('app.title', lang))} · {_e(t('brief.kicker', lang))}</div>",
        f"<h1>{_e(brief.title)}</h1><p class='lead'>{_e(brief.lead)}</p><p class='meta'>{_e(brief.meta)}</p></header>",
    ]
    if not brief.has_figures:
        parts.append(f"<div class='nofigures'>{_e(t('brief.no_figures', lang))}</div>")
    if brief.figures:
        parts.append(f"<h2>{_e(t('brief.headline', lang))}</h2><div class='cards'>")
        for card in brief.figures:
            lines = [f"<div class='label'>{_e(card.label)}</div><div class='value'>{_e(card.value)}</div>"]
            if card.delta:
                lines.append(f"<div class='line'>{_e(card.delta)}</div>")
            lines.append(f"<div class='line'>{_e(card.when)}</div><div class='line'>{_e(card.source)}</div>")
            lines += [f"<div class='remark'>{_e(r)}</div>" for r in card.remarks]
            parts.append(f"<div class='card'>{''.join(lines)}</div>")
        parts.append("</div>")
    if brief.chart_block is not None and chart_svg:
        parts.append(
            f"<h2>{_e(t('brief.key_chart', lang))}</h2><div class='chart'>"
            f"<p class='chart-title'>{_e(brief.chart_title)}</p>{chart_svg}"
            f"<div class='source'>{_e(brief.chart_source)}</div></div>"
        )
    left = ""
    if brief.findings:
        items = "".join(f"<li>{_e(f)}</li>" for f in brief.findings)
        left = f"<h2>{_e(t('brief.findings', lang))}</h2><ol class='findings'>{items}</ol>"
    right = f"<h2>{_e(t('brief.conflicts', lang))}</h2>"
    if brief.conflicts:
        right += "".join(
            f"<div class='conflict'><b>⚠ {_e(topic)}</b><span>{_e(text)}</span></div>"
            for topic, text in brief.conflicts[: CONFLICT_LINES[0]]
        )
        right += _more_lines(len(brief.conflicts), CONFLICT_LINES, "brief.conflicts_more", lang)
    else:
        right += f"<p class='none'>{_e(t('brief.no_conflicts', lang))}</p>"
    parts.append(f"<div class='columns'><div>{left}</div><div>{right}</div></div>")
    if brief.sources:
        rows = "".join(
            f"<tr class='src'><td class='grade'><span class='badge {_e(s.grade)}'>"
            f"{_e(t('grade.' + s.grade, lang))}</span></td>"
            f"<td>{_e(t('brief.source_line', lang, publisher=s.publisher, date=s.date, title=s.title))}</td></tr>"
            for s in brief.sources[: SOURCE_LINES[0]]
        )
        head = f"<tr><th>{_e(t('brief.grade', lang))}</th><th>{_e(t('brief.source', lang))}</th></tr>"
        parts.append(f"<h2>{_e(t('brief.sources', lang))}</h2><table class='sources'>{head}{rows}</table>")
        parts.append(_more_lines(len(brief.sources), SOURCE_LINES, "brief.sources_more", lang))
    release = deck_pptx.release()
    parts.append(
        f"<footer>{_e(t('brief.footer', lang, version=release['version'], licence=release['licence'], date=format_date(release['released'], 'day', lang)))}"
        f"<br>{_e(deck_pptx.citation(brief.title, lang))}</footer>"
    )
    columns = max(1, min(len(brief.figures), 5)) if brief.figures else 4
    lang_attr = t("html.lang", lang)
    return (
        f"<!doctype html><html lang='{lang_attr}'><head><meta charset='utf-8'><title>{_e(brief.title)}</title>"
        f"<style>{_css(columns)}</style></head><body>{''.join(parts)}</body></html>"
    )


def _in_fonts(spec, family: str):
    """A figure's dict with every font in `family` (the page's fonts: Plotly measures its labels in the
    fonts they print in)."""
    if isinstance(spec, dict):
        out = {key: _in_fonts(value, family) for key, value in spec.items()}
        if "family" in out:
            out["family"] = family
        return out
    if isinstance(spec, list):
        return [_in_fonts(value, family) for value in spec]
    return spec


def chart_svg(block: Block, lang: str) -> str:
    """The key chart as inline SVG, without its title and source line (the page sets them as text)."""
    from dashboard.takeaway import image_export

    chart = figures.block_chart(block, lang, "light")
    if chart is None:
        raise ValueError(f"block {block} draws no chart")
    figure = _in_fonts(charts.for_picture(chart.figure, CHART_FONT_SCALE), FONTS)
    figure["layout"]["font"] = {**figure["layout"].get("font", {}), "family": FONTS}
    svg = image_export.render([figure], format="svg", scale=1, width=CHART_PX[0], height=CHART_PX[1])[0]
    text = svg.decode("utf-8")
    return text[text.find("<svg") :]


@per_dataset
def brief_pdf(page_id: str, lang: str) -> bytes:
    """The one-page brief of a page as PDF (built once per dataset version and language)."""
    from dashboard.takeaway import image_export

    brief = content(page_id, lang)
    svg = chart_svg(brief.chart_block, lang) if brief.chart_block is not None else None
    data, _fit = image_export.pdf(page_html(brief, svg), fit_levels=FIT_LEVELS)
    return data
