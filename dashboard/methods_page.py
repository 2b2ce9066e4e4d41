"""Sources and methods: every source with what was taken from it, how figures are curated, what the
qualifiers mean, how derived figures are computed, and every known conflict between sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import components as ui
from dashboard import data, explorer, export, figures
from dashboard.cache import per_dataset
from dashboard.charts import value_text
from dashboard.curation import formula_inputs
from dashboard.data import REPO, load_table
from dashboard.formatting import format_date
from dashboard.i18n import pick, t
from dashboard.safe import md
from dashboard.schema import QUALIFIERS
from dashboard.state import current_language, current_theme

TABLES = (*figures.VIEW_TABLES, "conflicts", "mentions", "release", "area_wordings")
CHANGELOG = REPO / "datasets" / "CHANGELOG.md"


@dataclass(frozen=True)
class Methods:
    derived: tuple[str, ...]  # Markdown list items
    conflicts: tuple[tuple[str, str, str], ...]  # (heading, explanation, members), Markdown-escaped
    sources: pd.DataFrame


@per_dataset
def methods(lang: str) -> Methods:
    view = figures.observation_view()
    sources = load_table("sources")
    obs = view.set_index("obs_id")
    derived_rows = view[view.kind == "derived"].to_dict("records")
    # the inputs of every derived figure, looked up once (not a search of every figure per formula)
    wanted = {i: formula_inputs(row["formula"]) for i, row in enumerate(derived_rows)}
    used = view[view.obs_id.isin({o for ids in wanted.values() for o in ids})]
    by_obs = dict(zip(used.obs_id, used.to_dict("records"), strict=True))
    derived = []
    for i, row in enumerate(derived_rows):
        inputs = [by_obs[o] for o in wanted[i]]
        parts = [f"{pick(r, 'name', lang)} = {value_text(r, lang)} ({r['publisher_zh'] if lang == 'zh' else r['publisher']})"
                 for r in inputs]
        derived.append(f"- **{md(pick(row, 'name', lang))}**, {md(format_date(row['as_of'], row['as_of_precision'], lang))}: "
                       f"{md(value_text(row, lang))} — `{row['formula']}` — " + md("; ".join(parts)))
    conflicts, members = load_table("conflicts"), load_table("conflict_members")
    mentions = load_table("mentions").set_index("mention_id")
    wordings = load_table("area_wordings").set_index("wording_id")
    by_source = sources.set_index("source_id")
    blocks = []
    for _, conflict in conflicts.iterrows():
        lines = []
        for _, m in members[members.conflict_id == conflict["conflict_id"]].iterrows():
            if m["member_table"] == "observations":
                r = obs.loc[m["member_id"]]
                who = t("chart.derived_by_us", lang) if r["kind"] == "derived" else (r["publisher_zh"] if lang == "zh" else r["publisher"])
                lines.append(f"{value_text(r, lang)} ({format_date(r['as_of'], r['as_of_precision'], lang)}) — {who}")
            elif m["member_table"] == "mentions":
                r = mentions.loc[m["member_id"]]
                who = by_source.loc[r["source_id"]]
                lines.append(f"“{r['text']}” — {who['publisher_zh'] if lang == 'zh' else who['publisher']}")
            else:
                r = wordings.loc[m["member_id"]]
                who = by_source.loc[r["source_id"]]
                lines.append(f"{r['position']}. “{r['wording']}” — {who['publisher_zh'] if lang == 'zh' else who['publisher']}")
        heading = f"**{md(pick(conflict, 'topic', lang))}** · {t('conflict_kind.' + conflict['kind'], lang)}"
        blocks.append((heading, md(pick(conflict, "explanation", lang)), md(" · ".join(lines))))
    return Methods(tuple(derived), tuple(blocks), source_table(view, sources, lang))


def render() -> None:
    lang = current_language()
    ui.require(lang, t("sources.title", lang), *TABLES)
    model = methods(lang)
    release = load_table("release").iloc[0]
    ui.page_header(t("sources.title", lang), t("methods.lead", lang))
    refresh_notices(lang, str(release["version"]))

    st.header(t("methods.curation", lang), divider="gray")
    st.markdown(t("methods.curation_body", lang))
    st.subheader(t("methods.qualifiers", lang))
    st.dataframe(pd.DataFrame({
        t("explorer.col.qualifier", lang): list(QUALIFIERS),
        t("methods.q_label", lang): [t("qualifier." + q, lang) for q in QUALIFIERS],
        t("methods.meaning", lang): [t("methods.q." + q, lang) for q in QUALIFIERS],
    }), hide_index=True, alt=t("methods.qualifiers", lang))
    st.subheader(t("methods.grades", lang))
    st.markdown(t("methods.grades_body", lang))
    with ui.section(lang):
        ui.chart(figures.source_grades(lang, current_theme()), lang)

    st.header(t("methods.derived", lang), divider="gray")
    st.markdown(t("methods.derived_body", lang))
    ui.markdown_lines(model.derived)

    st.header(t("methods.conflicts", lang), divider="gray")
    for heading, explanation, members in model.conflicts:
        with st.container(border=True):
            st.markdown(heading)
            st.markdown(explanation)
            st.caption(members)

    st.header(t("methods.sources", lang), divider="gray")
    st.markdown(t("methods.sources_body", lang, n=len(model.sources)))
    start, stop = explorer.page_bounds(len(model.sources), ui.pager(len(model.sources), "src_page", lang))
    table = ui.table_data(("sources-table", lang, start), lambda: model.sources.iloc[start:stop])
    st.dataframe(table, hide_index=True, alt=t("methods.sources", lang),
                 column_config={
        "link": st.column_config.LinkColumn(t("explorer.col.link", lang), display_text=t("common.open_source", lang)),
        "citation": st.column_config.TextColumn(t("methods.citation", lang), width="large"),
    })

    st.header(t("methods.version", lang), divider="gray")
    st.markdown(md(t("sidebar.version", lang, version=release["version"], date=format_date(release["released"], "day", lang))
                   + " · " + t("sidebar.licence", lang, licence=release["licence"])) + f" ({release['licence_url']})")
    st.caption(md(release["note"]))
    if CHANGELOG.exists():
        with st.expander(t("methods.changelog", lang), icon=":material/history:"):
            st.markdown(CHANGELOG.read_text(encoding="utf-8"))


def refresh_notices(lang: str, served: str) -> None:
    """Say so when a newer dataset version was rejected, or the data location cannot be reached now."""
    rejected = data.refresh_problem()
    if rejected is not None:
        st.warning(t("methods.refresh_rejected", lang, version=md(rejected.label or "?"), file=md(rejected.error.file),
                     problem=md(rejected.error.problem), served=md(served)), icon=":material/sync_problem:")
    unreachable = data.unreachable()
    if unreachable is not None:
        st.warning(t("methods.store_unreachable", lang, file=md(unreachable.file), problem=md(unreachable.problem),
                     served=md(served)), icon=":material/cloud_off:")


def source_table(view: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per source: who, what, when, how reliable, what we took from it, how to cite it."""
    name = "name_zh" if lang == "zh" else "name_en"
    counts = view.groupby("source_id").size()
    names = view[["source_id", name]].drop_duplicates().groupby("source_id")[name].agg(", ".join)
    taken = {s: f"{counts[s]}: {names[s]}" for s in counts.index}
    rows = []
    for s in sources.sort_values("published", ascending=False).to_dict("records"):
        rows.append({
            t("explorer.col.source", lang): s["publisher_zh"] if lang == "zh" else s["publisher"],
            t("methods.title", lang): s["title_zh"] if lang == "zh" else s["title"],
            t("explorer.col.published", lang): format_date(s["published"], s["published_precision"], lang),
            t("methods.language", lang): s["language"],
            t("methods.kind", lang): t("source_kind." + s["kind"], lang),
            t("explorer.col.grade", lang): ("⚠ " if s["grade"] == "low" else "") + t("grade." + s["grade"], lang),
            t("methods.taken", lang): taken.get(s["source_id"], t("methods.taken_other", lang)),
            t("methods.note", lang): (s["note_zh"] if lang == "zh" and isinstance(s["note_zh"], str) else s["note"]) or "",
            "link": s["url"] if isinstance(s["url"], str) else None,
            "citation": export.source_citation(s),
        })
    return pd.DataFrame(rows)
