"""Paths and small helpers the tests share (imported explicitly; conftest.py only holds fixtures)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
CURATED = DATASETS / "curated"
SEEDS = REPO.parent / "shared" / "seeds"  # the seed articles (not in the repository: copyrighted texts)
RESEARCH_TABLE = DATASETS / "raw" / "research_extra_figures.csv"  # the raw research table, kept for checks


def page_paths(lang: str = "en", query: str = "") -> list[str]:
    """Every page's path (with `query`, e.g. "lang=zh"), a priority page once per section that draws a
    chart (`?section=`), so that a browser test sees every chart the dashboard draws outside presentation."""
    from dashboard import sections
    from dashboard.navigation import AREA_PAGE_IDS, PAGES

    paths = []
    for spec in PAGES:
        if spec.page_id not in AREA_PAGE_IDS:
            paths.append(f"/{spec.url_path}" + (f"?{query}" if query else ""))
            continue
        for section in sections.area_sections(spec.page_id, lang):
            if section.kind == sections.SectionKind.LEAD or sections.chart_blocks((section,)):
                paths.append(f"/{spec.url_path}?{sections.PARAM}={section.section_id}" + (f"&{query}" if query else ""))
    return paths
