"""A property-based test (Hypothesis) over every page's URL parameters (issue 24, item 4): whatever values a
link gives the parameters a page reads (and some it does not know), the page runs without an exception,
shows its title, and says what it ignored in at most a handful of short notices.

Slow: every example is a real run of the entry script (AppTest)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import explorer, indicator, sections
from dashboard.navigation import AREA_PAGE_IDS, PAGES
from dashboard.takeaway import deck
from dashboard.ui.state import PRESENT_PARAM
from tests.pages_helper import open_page

pytestmark = pytest.mark.slow

HANDFUL = 8  # the explorer's five lines, and one each for lang, present and slide or section
CLIPPED = 600
COMMON = ("lang", PRESENT_PARAM, deck.SLIDE_PARAM)
PAGE_PARAMS: dict[str, tuple[str, ...]] = {p.page_id: COMMON for p in PAGES}
PAGE_PARAMS.update({page_id: (*COMMON, sections.PARAM) for page_id in AREA_PAGE_IDS})
PAGE_PARAMS["explorer"] = (*COMMON, *explorer.PARAMS, explorer.CHART_PARAM)
PAGE_PARAMS["indicator"] = (*COMMON, indicator.PARAM, indicator.SEARCH_PARAM)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
VALUE = (
    TEXT
    | st.lists(
        st.sampled_from(["ai_datasets", "hqds_count", "national", "<b>x</b>"])
        | st.text(string.ascii_lowercase, max_size=8),
        max_size=30,
    ).map(",".join)
    | st.dates().map(lambda d: d.isoformat())
    | st.integers(min_value=-(10**20), max_value=10**20).map(str)
    | st.sampled_from(["1", "0", "en", "zh", "line", "bar", "reported", "tokens", "x" * 100_000, "2262-04-12"])
)


@pytest.mark.parametrize("page_id", [p.page_id for p in PAGES])
def test_any_values_of_a_pages_parameters(page_id):
    every = {name: VALUE for name in (*PAGE_PARAMS[page_id], "utm_source", "x")}

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.fixed_dictionaries({}, optional=every))  # each parameter given or not
    def check(query):
        at = open_page(page_id, query)
        assert not at.exception, (page_id, query, [e.value for e in at.exception][:1])
        assert at.title or at.markdown, (page_id, query)
        assert len(at.warning) <= HANDFUL, (page_id, len(at.warning))
        for warning in at.warning:
            assert len(warning.value) < CLIPPED, (page_id, len(warning.value))

    check()
