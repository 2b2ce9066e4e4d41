"""The sources-and-methods page's view-model: derived figures with their inputs, every conflict with its
members, and one row per source. Pure: built once per dataset version and language, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import export, figures, targets
from dashboard.cache import per_dataset
from dashboard.charts import value_text
from dashboard.curation.rules import formula_inputs
from dashboard.data import load_table
from dashboard.formatting import format_date
from dashboard.i18n import column, join, pick, t
from dashboard.models import quotation
from dashboard.safe import md
from dashboard.schema import Grade, MemberTable, ObservationKind, TargetStatus

TABLES = (*figures.VIEW_TABLES, "conflicts", "mentions", "release", "area_wordings")


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
    derived_rows = view[view.kind == ObservationKind.DERIVED].to_dict("records")
    # the inputs of every derived figure, looked up once (not a search of every figure per formula)
    wanted = {i: formula_inputs(row["formula"]) for i, row in enumerate(derived_rows)}
    used = view[view.obs_id.isin({o for ids in wanted.values() for o in ids})]
    by_obs = dict(zip(used.obs_id, used.to_dict("records"), strict=True))
    derived = []
    for i, row in enumerate(derived_rows):
        parts = [
            f"{pick(r, 'name', lang)} = {value_text(r, lang)} ({pick(r, 'publisher', lang)})"
            for r in (by_obs[o] for o in wanted[i])
        ]
        derived.append(
            f"- **{md(pick(row, 'name', lang))}**, {md(format_date(row['as_of'], row['as_of_precision'], lang))}: "
            f"{md(value_text(row, lang))} — `{row['formula']}` — " + md("; ".join(parts))
        )
    conflicts, members = load_table("conflicts"), load_table("conflict_members")
    mentions = load_table("mentions").set_index("mention_id")
    wordings = load_table("area_wordings").set_index("wording_id")
    by_source = sources.set_index("source_id")
    blocks = []
    for _, conflict in conflicts.iterrows():
        lines = []
        for _, m in members[members.conflict_id == conflict["conflict_id"]].iterrows():
            if m["member_table"] == MemberTable.OBSERVATIONS:
                r = obs.loc[m["member_id"]]
                who = (
                    t("chart.derived_by_us", lang)
                    if r["kind"] == ObservationKind.DERIVED
                    else pick(r, "publisher", lang)
                )
                lines.append(f"{value_text(r, lang)} ({format_date(r['as_of'], r['as_of_precision'], lang)}) — {who}")
            elif m["member_table"] == MemberTable.MENTIONS:
                r = mentions.loc[m["member_id"]]
                who = by_source.loc[r["source_id"]]
                lines.append(t("common.quote", lang, text=r["text"], who=pick(who, "publisher", lang)))
            else:
                r = wordings.loc[m["member_id"]]
                lines.append(f"{r['position']}. {quotation(r, 'wording', by_source, lang)}")
        heading = f"**{md(pick(conflict, 'topic', lang))}** · {t('conflict_kind.' + conflict['kind'], lang)}"
        blocks.append((heading, md(pick(conflict, "explanation", lang)), md(" · ".join(lines))))
    return Methods(tuple(derived), tuple(blocks), source_table(view, sources, lang))


def source_table(view: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per source: who, what, when, how reliable, what we took from it, how to cite it."""
    name = column("name", lang)
    counts = view.groupby("source_id").size()
    names = (
        view[["source_id", name]]
        .drop_duplicates()
        .groupby("source_id")[name]
        .agg(lambda n: join(n, lang, "enumeration"))
    )
    taken = {s: f"{counts[s]}: {names[s]}" for s in counts.index}
    rows = []
    for s in sources.sort_values("published", ascending=False).to_dict("records"):
        rows.append(
            {
                t("explorer.col.source", lang): pick(s, "publisher", lang),
                t("methods.title", lang): pick(s, "title", lang),
                t("explorer.col.published", lang): format_date(s["published"], s["published_precision"], lang),
                t("methods.language", lang): s["language"],
                t("methods.kind", lang): t("source_kind." + s["kind"], lang),
                t("explorer.col.grade", lang): ("⚠ " if s["grade"] == Grade.LOW else "")
                + t("grade." + s["grade"], lang),
                t("methods.taken", lang): taken.get(s["source_id"], t("methods.taken_other", lang)),
                t("methods.note", lang): pick(s, "note", lang),
                "link": s["url"] if isinstance(s["url"], str) else None,
                "citation": export.source_citation(s),
            }
        )
    return pd.DataFrame(rows)


def target_rules(lang: str) -> pd.DataFrame:
    """How each target status is decided: one row per status, its name and its rule."""
    return pd.DataFrame(
        {
            t("methods.target_col.status", lang): [t(f"target_status.{s}", lang) for s in TargetStatus],
            t("methods.target_col.rule", lang): [t(f"methods.target_rule.{s}", lang) for s in TargetStatus],
        }
    )


def target_method(release: pd.DataFrame, lang: str) -> str:
    """The paragraph on how targets are judged, with the pace window and the date they are judged on."""
    return t(
        "methods.targets_body",
        lang,
        window=f"{targets.PACE_WINDOW_YEARS:g}",
        months=f"{targets.PACE_MIN_YEARS * 12:g}",
        date=format_date(targets.release_day(release), "day", lang),
    )
