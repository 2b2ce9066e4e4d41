"""The pages of the dashboard, in navigation order: one definition used by the entry script, the
presentation mode's Next/Previous controls and the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    page_id: str  # also the priority area id for the priority pages
    script: str  # path under pages/
    url_path: str  # "" for the default page
    section: str  # catalog key of the navigation section
    icon: str
    help_key: str

    @property
    def title_key(self) -> str:
        return f"nav.{self.page_id}"


def _area(page_id: str, url_path: str, icon: str, section: str = "nav.section.priorities") -> PageSpec:
    return PageSpec(page_id, f"{page_id}.py", url_path, section, icon, "nav.help.area")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "overview.py", "", "nav.section.overview", ":material/dashboard:", "nav.help.overview"),
    PageSpec("targets", "targets.py", "targets", "nav.section.overview", ":material/flag_circle:", "nav.help.targets"),
    _area("digital_china", "digital-china", ":material/flag:"),
    _area("data_market", "data-market", ":material/storefront:"),
    _area("industry_clusters", "industry-clusters", ":material/factory:"),
    _area("data_element_x", "data-element-x", ":material/hub:"),
    _area("data_infrastructure", "data-infrastructure", ":material/dns:"),
    _area("data_system", "data-system", ":material/gavel:"),
    _area("ai_datasets", "ai-datasets", ":material/dataset:"),
    _area("international", "international", ":material/public:"),
    _area("data_security", "data-security", ":material/shield:", "nav.section.cross_cutting"),
    PageSpec(
        "explorer", "explorer.py", "explorer", "nav.section.explore", ":material/table_view:", "nav.help.explorer"
    ),
    PageSpec(
        "indicator", "indicator.py", "indicator", "nav.section.explore", ":material/query_stats:", "nav.help.indicator"
    ),
    PageSpec("timeline", "timeline.py", "timeline", "nav.section.explore", ":material/timeline:", "nav.help.timeline"),
    PageSpec("sources", "sources.py", "sources", "nav.section.about", ":material/menu_book:", "nav.help.sources"),
)

INDICATOR_SCRIPT = "../pages/indicator.py"  # as st.page_link names it, relative to the entry script

AREA_PAGE_IDS = tuple(p.page_id for p in PAGES if p.section in ("nav.section.priorities", "nav.section.cross_cutting"))


def neighbours(page_id: str) -> tuple[PageSpec, PageSpec]:
    """The previous and next page (wrapping around), for presentation mode."""
    ids = [p.page_id for p in PAGES]
    i = ids.index(page_id)
    return PAGES[i - 1], PAGES[(i + 1) % len(PAGES)]
