"""The README documents every URL parameter, setting and page; its quickstart is exactly two commands."""

import re

from dashboard import explorer, sections
from dashboard.navigation import PAGES
from dashboard.ui import state
from tests.helpers import REPO, readme_section


def test_every_url_parameter_is_documented():
    params = readme_section("URL parameters")
    for name in (*explorer.PARAMS, state.LANG_KEY, state.PRESENT_PARAM, sections.PARAM, "embed"):
        assert f"`{name}`" in params, f"URL parameter {name} is not documented in the README"


def test_every_page_path_is_documented():
    pages = readme_section("What is in it")
    for page in PAGES:
        assert f"`/{page.url_path}`" in pages, page.url_path


def test_every_setting_is_documented():
    from dashboard.settings import SETTINGS

    documented = readme_section("Settings")
    assert len(SETTINGS) >= 3
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in documented, f"setting {setting.name} is not in the README's Settings table"
        if setting.default:
            assert f"`{setting.default}`" in documented.split(f"| `{setting.name}` |")[1].split("\n")[0], setting.name


def test_no_module_reads_the_environment_but_the_settings_registry():
    root = REPO / "dashboard"
    readers = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if ("os.environ" in p.read_text(encoding="utf-8") or "getenv(" in p.read_text(encoding="utf-8"))
    ]
    assert readers == ["settings.py"]


def test_quickstart_is_two_commands():
    quick = readme_section("Quickstart")
    blocks = re.findall(r"```sh\n(.*?)```", quick, flags=re.S)
    assert len(blocks) == 2 and all(len(b.strip().splitlines()) == 1 for b in blocks)
    assert "streamlit run dashboard/server.py" in blocks[0] and "pytest" in blocks[1]
    ci = (REPO / ".ci" / "run").read_text()
    # CI installs what requirements-dev.txt pins, through its hashed lock (tests/test_secrets_and_trust.py
    # checks that the lock holds every pin of requirements-dev.txt)
    assert "pip install -q --require-hashes -r requirements-dev.lock" in ci and "python -m pytest" in ci


def test_the_layout_table_names_every_module():
    """Every module of the package is named in the README's layout table, in the row of its folder."""
    root = REPO
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in readme_section("Layout").splitlines()
        if line.startswith("| `")
    }
    missing = []
    for path in sorted((root / "dashboard").rglob("*.py")):
        relative = path.relative_to(root / "dashboard")
        if path.name.startswith("__") or relative.parts[0] == "curation":
            continue  # package markers; the curation modules are listed under `curation/`
        row = rows["dashboard/ui/"] if relative.parts[0] == "ui" else rows["dashboard/"]
        if f"`{path.name}`" not in row and f"`{relative}`" not in row:
            missing.append(str(relative))
    assert missing == []
    assert all(f"`{p.name}`" in rows["dashboard/"] for p in (root / "dashboard" / "curation").glob("[!_]*.py"))
