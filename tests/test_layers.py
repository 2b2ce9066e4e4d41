"""The layering the tree shows (issue 12): only the Streamlit layer (`dashboard/ui/`), the entry scripts
(`dashboard/app.py`, `dashboard/server.py`) and the page scripts (`pages/`) import Streamlit, and no pure
module imports the Streamlit layer or an entry script. Read from the source, so a lazy import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import REPO

PACKAGE = REPO / "dashboard"
ENTRY_SCRIPTS = {"dashboard.app", "dashboard.server"}
UI = "dashboard.ui"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth of its code (`from a import b` counts as a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def pure_modules() -> dict[str, Path]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: path for name, path in modules.items() if not is_within(name, UI) and name not in ENTRY_SCRIPTS}


def test_the_layers_are_where_the_tree_says():
    pure = pure_modules()
    assert "dashboard.models" in pure and "dashboard.charts" in pure
    assert not any(is_within(name, UI) for name in pure)
    assert (PACKAGE / "ui" / "components.py").exists()


def test_only_the_streamlit_layer_imports_streamlit():
    offenders = {
        name: sorted(n for n in imported(path) if is_within(n, "streamlit")) for name, path in pure_modules().items()
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_pure_module_imports_the_streamlit_layer_or_an_entry_script():
    upward = {
        name: sorted(n for n in imported(path) if is_within(n, UI) or n in ENTRY_SCRIPTS)
        for name, path in pure_modules().items()
    }
    assert {name: found for name, found in upward.items() if found} == {}


def test_the_checks_see_a_violation(tmp_path):
    """The reader finds lazy imports and `from` imports (so the two tests above can fail)."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    import streamlit as st\n    from dashboard.ui import components\n", encoding="utf-8"
    )
    found = imported(sample)
    assert "streamlit" in found and "dashboard.ui.components" in found


def test_page_scripts_are_thin():
    """A page script only picks its page module or composes components; no data loading of its own."""
    for script in (REPO / "pages").glob("*.py"):
        names = imported(script)
        assert "dashboard.data" not in names and "pandas" not in names, script.name
