"""Hardening: server settings, no data ever reaching raw HTML, no writes while serving, hostile URLs."""

import ast
import tomllib

import pytest

from tests.helpers import REPO as ROOT
from tests.pages_helper import open_page, plain

# The curation package writes datasets/ and is not serving code, except the modules the sources page imports.
SERVING_CODE = [
    *(p for p in ROOT.glob("dashboard/**/*.py") if "curation" not in p.relative_to(ROOT).parts),
    *ROOT.glob("pages/*.py"),
    ROOT / "dashboard/curation/read.py",
    ROOT / "dashboard/curation/rules.py",
]


def test_the_serving_code_is_all_read():
    names = {str(p.relative_to(ROOT)) for p in SERVING_CODE}
    assert {
        "dashboard/ui/components.py",
        "dashboard/charts/series.py",
        "pages/overview.py",
        "dashboard/curation/rules.py",
    } <= names


def test_server_settings():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["runner"]["postScriptGC"] is False


def _calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def test_no_data_reaches_raw_html():
    """st.html only ever gets a module-level constant; unsafe_allow_html is never used."""
    for path in SERVING_CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Constant, ast.DictComp))
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        for call in _calls(tree):
            for keyword in call.keywords:
                assert keyword.arg not in ("unsafe_allow_html", "unsafe_allow_javascript"), f"{path.name}:{call.lineno}"
            if isinstance(call.func, ast.Attribute) and call.func.attr == "html":
                arg = call.args[0]
                if isinstance(arg, ast.Subscript):  # a lookup in a module-level table of constants
                    arg = arg.value
                assert isinstance(arg, ast.Constant) or (isinstance(arg, ast.Name) and arg.id in constants), (
                    f"{path.name}:{call.lineno} passes something other than a constant to st.html"
                )


WRITERS = {
    "write_text",
    "write_bytes",
    "write_table",
    "to_parquet",
    "to_csv",
    "unlink",
    "rmdir",
    "mkdir",
    "copy_files",
    "remove",
    "makedirs",
    "rmtree",
}


def _in_memory_buffers(tree) -> set[str]:
    """Names bound to io.BytesIO() / io.StringIO(): writing into those is not writing files."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if getattr(func, "attr", getattr(func, "id", "")) in ("BytesIO", "StringIO"):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def test_serving_code_never_writes_files():
    for path in SERVING_CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        buffers = _in_memory_buffers(tree)
        for call in _calls(tree):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            into_memory = len(call.args) > 1 and isinstance(call.args[1], ast.Name) and call.args[1].id in buffers
            assert name not in WRITERS or into_memory, f"{path.name}:{call.lineno} calls {name}"
            is_os_replace = (
                name in ("replace", "rename")
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "os"
            )
            assert not is_os_replace, f"{path.name}:{call.lineno} moves files"
            if name == "open" and len(call.args) > 1:
                mode = call.args[1]
                assert isinstance(mode, ast.Constant) and "r" in mode.value, (
                    f"{path.name}:{call.lineno} opens for writing"
                )


@pytest.mark.parametrize(
    "query",
    [
        {"lang": "x" * 10000},
        {"lang": ""},
        {"lang": "zh\u0000"},
        {"present": "<script>alert(1)</script>"},
        {"present": "1" * 5000},
        {"lang": "zh", "present": "2"},
    ],
)
def test_hostile_url_parameters_on_every_kind_of_page(query):
    """Every page still draws, and each invalid value the page's URL holds is named in one notice, clipped to
    40 characters and escaped. (AppTest opens a page from the overview: the language switch there replaces
    an unknown ?lang= in the URL, so later pages see the bad language only when it is still there, as ?lang=
    with no value is.)"""
    bad = {k: v for k, v in query.items() if (k == "lang" and v not in ("en", "zh")) or (k == "present" and v != "1")}
    assert bad, "every case holds an invalid value"
    for page in ("overview", "ai_datasets", "explorer", "sources"):
        at = open_page(page, query)
        assert not at.exception, (page, query)
        assert at.title
        icons = {"lang": ":material/translate:", "present": ":material/slideshow:"}
        for name, value in bad.items():
            named = [w.value for w in at.warning if w.proto.icon == icons[name]]
            if page != "overview" and at.query_params.get(name) != value:
                assert not named, (page, name, named)
                continue
            assert len(named) == 1, (page, name, [w.value for w in at.warning])
            clipped = value if len(value) <= 40 else value[:39] + "…"
            assert f"“{clipped}”" in plain(named[0]), (page, named[0])
            assert len(named[0]) < 600 and "<script>" not in named[0], named[0]  # clipped, and escaped


@pytest.mark.parametrize(
    "query",
    [
        {"q": "z" * 100000},
        {"from": "9999-99-99", "to": "0000-00-00"},
        {"area": ",".join(["bogus"] * 500)},
        {"source": "<img src=x onerror=alert(1)>"},
        {"qualifier": "more_than,about,💥"},
        {"kind": "reported\n<b>x</b>"},
    ],
)
def test_hostile_explorer_parameters(query):
    at = open_page("explorer", query)
    assert not at.exception
    assert at.dataframe, "the table is still shown"
    notices = " ".join(plain(w.value) for w in at.warning)
    assert notices, "a visible notice says what was ignored"


SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY"  # a made-up secret key, in DATASETS_URI's user:password@


@pytest.mark.parametrize(
    "uri",
    [
        f"s3://AKIDEXAMPLE:{SECRET}@cdmm/datasets?no_such_option=1",  # pyarrow refuses the option
        f"s3://AKIDEXAMPLE:{SECRET} @cdmm/datasets",  # pyarrow cannot parse it, and quotes it whole
        f"nosuchfs://AKIDEXAMPLE:{SECRET}@cdmm/datasets",  # no such file system, quoted whole
    ],
)
def test_credentials_in_the_data_location_are_never_shown(uri, monkeypatch, caplog, fresh_caches):
    """A DATASETS_URI with credentials in it (s3://key:secret@bucket/prefix) that cannot be used: the pages,
    the messages and the log name the location and what is wrong, never the secret or the key."""
    from dashboard import data

    monkeypatch.setattr(data.LOG, "propagate", True)  # the server's own handler may have been set up already
    monkeypatch.setenv("DATASETS_URI", uri)
    monkeypatch.setenv("DATASETS_CHECK_SECONDS", "0")
    with pytest.raises(data.DataFileError) as refused:
        data.read_table("metrics")
    assert data.current_version().provisional
    unreachable = str(data.unreachable())
    at = open_page("overview")
    assert not at.exception
    page = plain(" ".join(e.value for e in at.error))
    shown = [str(refused.value), unreachable, page, caplog.text]
    assert all("cdmm/datasets" in text and "is not a usable location" in text for text in shown[:3]), shown
    assert "cdmm/datasets" in caplog.text, "the log names the location"
    assert [text for text in shown if SECRET in text or "AKIDEXAMPLE" in text] == []


def test_a_location_that_comes_back_and_swaps_is_logged_without_its_credentials(monkeypatch, caplog, fresh_caches):
    """The two log lines that name the location itself (reachable again; a new version served from it)."""
    from dashboard import data

    uri = f"s3://AKIDEXAMPLE:{SECRET}@cdmm/datasets?endpoint_override=127.0.0.1:9&scheme=http"
    answers = iter([data.DataFileError("s3://cdmm/datasets/manifest.json", "cannot be reached", "wait"), None])

    def read_marker(_uri=None):  # the store: unreachable at first, then holding version 2.0
        answer = next(answers)
        if answer is not None:
            raise answer
        return data.Marker("2.0-abc", "2.0", {})

    monkeypatch.setattr(data.LOG, "propagate", True)
    monkeypatch.setattr(data, "read_marker", read_marker)
    monkeypatch.setattr(data.Version, "load_all", lambda self: None)  # every table of 2.0 "usable"
    assert data.current_version(uri).provisional
    assert data.check_now(uri) == "swapped"
    assert "reachable again: s3://cdmm/datasets" in caplog.text
    assert "now served from s3://cdmm/datasets" in caplog.text
    assert SECRET not in caplog.text and "AKIDEXAMPLE" not in caplog.text and "endpoint_override" not in caplog.text
