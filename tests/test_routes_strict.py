"""Strict parameters (issue 23, item 3): a repeated parameter is an error, the same way in the explorer (a
notice, the parameter ignored) and on the routes (400 naming it); every value the explorer would ignore is a
400 on the routes (`chart=pie`, `lang=fr`); a 400 suggests the closest valid id or name. The routes are
called in-process (tests/asgi.py); the 404 of an unknown /data/ path, which only the real server can get
wrong, is in tests/test_http.py."""

import pytest

from dashboard import explorer
from tests.asgi import call
from tests.pages_helper import open_page, plain


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/data/observations.csv?metric=hqds_count&metric=hqds_volume_pb", ["metric", "more than once"]),
        ("/data/observations.json?metric=nope&metric=hqds_count", ["metric", "more than once"]),
        ("/data/observations.parquet?q=a&q=a", ["q", "more than once"]),
        ("/data/feed.xml?area=ai_datasets&area=data_market", ["area", "more than once"]),
        ("/data/observations.csv?chart=line&chart=bar", ["chart", "more than once"]),
        ("/data/observations.csv?lang=en&lang=zh", ["lang", "more than once"]),
    ],
)
def test_a_repeated_parameter_is_a_400_naming_it(path, named):
    status, headers, body = call(path)
    message = body.decode()
    assert status == 400 and headers["content-type"].startswith("text/plain"), (status, message)
    assert all(word in message for word in named), message
    assert "comma-separated" in message  # how to ask for several


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/data/observations.csv?chart=pie", ["chart", "pie", "line", "bar"]),
        ("/data/observations.json?lang=fr", ["lang", "fr", "en", "zh"]),
        ("/data/feed.xml?chart=Line", ["chart", "line"]),
        ("/data/observations.csv?lang=", ["lang"]),  # the page warns of an empty lang= too
    ],
)
def test_a_page_value_the_explorer_would_ignore_is_a_400(path, named):
    status, _, body = call(path)
    assert status == 400 and all(word in body.decode() for word in named), body.decode()


def test_the_page_parameters_with_good_values_are_accepted():
    assert call("/data/observations.csv?chart=bar&lang=zh&metric=hqds_count")[0] == 200
    assert call("/data/feed.xml?lang=en&chart=line")[0] == 200


@pytest.mark.parametrize(
    ("path", "suggested"),
    [
        ("/data/observations.csv?area=ai-datasets", "ai_datasets"),
        ("/data/observations.csv?metric=hqds_cont", "hqds_count"),
        ("/data/observations.csv?place=prov_guangdon", "prov_guangdong"),
        ("/data/observations.csv?kind=reportd", "reported"),
        ("/data/observations.csv?qualifier=more_then", "more_than"),
        ("/data/observations.csv?chart=bars", "bar"),
        ("/data/observations.csv?metrc=hqds_count", "metric"),
        ("/data/metrics.csv?metric=hqds_count", "none"),  # a table route takes no parameter at all
    ],
)
def test_a_400_suggests_the_closest_valid_value(path, suggested):
    status, _, body = call(path)
    message = body.decode()
    assert (
        status == 400
        and f"did you mean {suggested}" in message.lower()
        or (suggested == "none" and "Known parameters: none" in message)
    ), message


def test_no_suggestion_when_nothing_is_close():
    status, _, body = call("/data/observations.csv?area=zzzzqqqq")
    assert status == 400 and "did you mean" not in body.decode().lower()


def test_single_values_drop_a_repeated_parameter_with_a_notice():
    values, notices = explorer.single_values({"metric": ["a", "b"], "q": ["tokens"], "kind": []})
    assert values == {"q": "tokens"}
    assert [(n.param, n.reason) for n in notices] == [("metric", "repeated")]
    assert notices[0].value == "a, b"


def test_the_explorer_ignores_a_repeated_parameter_with_a_notice():
    at = open_page("explorer", {"metric": ["hqds_count", "hqds_volume_pb"], "chart": ["line", "bar"]})
    assert not at.exception
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "metric=“hqds_count, hqds_volume_pb”" in notices and "more than once" in notices
    assert "chart=“line, bar”" in notices
    assert at.multiselect(key="ex_metric").value == []  # ignored, as the route refuses it


def test_the_explorer_suggests_the_closest_id():
    at = open_page("explorer", {"area": "ai-datasets"})
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "area=“ai-datasets”" in notices and "ai_datasets" in notices.split("area=“ai-datasets”")[1]
