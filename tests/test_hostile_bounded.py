"""Hostile input, bounded (issue 24, item 4): whatever a link holds, a page shows at most a handful of
notices, each quoting a clipped value, and the data routes answer with a short 400; the same rules in the
explorer and on the routes. With property-based tests (Hypothesis) over the explorer's parser and the
routes' parameters here, and over every page's parameters in tests/test_hostile_pages.py (slow)."""

from __future__ import annotations

import string
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import explorer
from tests import asgi
from tests.pages_helper import open_page, plain

HANDFUL = 5  # notice lines the explorer may show for one link: four values, then one line counting the rest
CLIPPED = 600  # characters of one notice, its clipped value included
THIRTY_THOUSAND = ",".join(f"bogus{i}" for i in range(30_000))  # a 199 KB link
HUNDRED_KB = "x" * 100_000
KNOWN_AREAS, KNOWN_SOURCES = {"ai_datasets", "annotation"}, {"caict_2024"}


def _notices(at) -> list[str]:
    return [plain(w.value) for w in at.warning]


def test_thirty_thousand_unknown_ids_in_the_explorer_make_a_handful_of_notices():
    at = open_page("explorer", {"area": THIRTY_THOUSAND})
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe, "the table is still shown"
    notices = _notices(at)
    assert 1 <= len(notices) <= HANDFUL, len(notices)
    assert all(len(n) < CLIPPED for n in notices)
    assert any("29,996" in n for n in notices), "the rest are counted, not dropped silently"


def test_a_hundred_kilobyte_value_is_clipped_in_the_explorer():
    for query in ({"metric": HUNDRED_KB}, {"from": HUNDRED_KB}, {"place": HUNDRED_KB}, {"kind": HUNDRED_KB}):
        at = open_page("explorer", query)
        assert not at.exception, query.keys()
        notices = _notices(at)
        assert 1 <= len(notices) <= HANDFUL
        assert all(len(n) < CLIPPED for n in notices), [len(n) for n in notices]


def test_parse_keeps_a_handful_of_notices_and_counts_the_rest():
    parsed = explorer.parse({"area": THIRTY_THOUSAND, "source": HUNDRED_KB}, KNOWN_AREAS, KNOWN_SOURCES)
    shown, more = explorer.bounded(parsed.notices, parsed.more)
    assert len(shown) < explorer.MAX_NOTICES <= HANDFUL
    assert len(shown) + more == 30_001
    assert all(len(n.value) <= explorer.MAX_SHOWN for n in parsed.notices)


def test_the_routes_answer_thirty_thousand_unknown_ids_with_a_short_400():
    status, _, body = asgi.call("/data/observations.csv?" + urlencode({"area": THIRTY_THOUSAND}))
    assert status == 400
    assert len(body) < 2000, len(body)
    assert b"and 29,996 more" in body


def test_the_routes_clip_a_hundred_kilobyte_value():
    for name in ("metric", "from", "place", "kind", "q", "lang", "chart"):
        status, _, body = asgi.call("/data/observations.json?" + urlencode({name: HUNDRED_KB}))
        assert status == 400, name
        assert len(body) < 1000, (name, len(body))


def test_the_routes_answer_thousands_of_unknown_parameter_names_with_a_short_400():
    status, _, body = asgi.call("/data/observations.csv?" + "&".join(f"p{i}=1" for i in range(5000)))
    assert status == 400
    assert len(body) < 2000, len(body)
    status, _, body = asgi.call("/data/observations.csv?" + "&".join("area=x" for _ in range(5000)))
    assert status == 400
    assert len(body) < 2000, len(body)


# Property-based -----------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
IDS = st.lists(
    st.sampled_from(["ai_datasets", "annotation", "caict_2024", "", " ", "x", "national"]) | TEXT, max_size=40
)
VALUE = (
    TEXT
    | IDS.map(",".join)
    | st.dates().map(lambda d: d.isoformat())
    | st.sampled_from(["reported", "derived", "line", "bar", "en", "zh", "2000-01-01", "2100-12-31", HUNDRED_KB])
)
PARAMS = st.dictionaries(st.sampled_from([*explorer.PARAMS, explorer.CHART_PARAM, "lang"]), VALUE, max_size=8)


@settings(max_examples=300, deadline=None)
@given(PARAMS)
def test_parse_never_raises_and_bounds_its_notices(params):
    parsed = explorer.parse(params, KNOWN_AREAS, KNOWN_SOURCES, {"m1"}, {"beijing"})
    filters = parsed.filters
    assert set(filters.areas) <= KNOWN_AREAS and set(filters.sources) <= KNOWN_SOURCES
    for day in (filters.date_from, filters.date_to):
        assert day is None or explorer.DATE_MIN <= day <= explorer.DATE_MAX
    shown, more = explorer.bounded(parsed.notices, parsed.more)
    assert len(shown) <= explorer.MAX_NOTICES and more >= 0
    assert all(len(n.value) <= explorer.MAX_SHOWN and len(n.suggestion) <= explorer.MAX_SHOWN for n in shown)
    assert len(explorer.to_params(filters).get("q", "")) <= explorer.MAX_QUERY


NAMES = st.sampled_from([*explorer.PARAMS, explorer.CHART_PARAM, "lang"]) | st.text(string.ascii_letters, max_size=12)
QUERIES = st.lists(st.tuples(NAMES, VALUE), max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES, st.sampled_from(["csv", "json", "parquet"]))
def test_the_routes_answer_any_query_with_data_or_a_short_400(pairs, fmt):
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
    status, headers, body = asgi.call(f"/data/observations.{fmt}?{query}")
    assert status in (200, 400), (status, body[:300])
    if status == 400:
        assert len(body) < 2000, len(body)
        assert headers["content-type"].startswith("text/plain")
