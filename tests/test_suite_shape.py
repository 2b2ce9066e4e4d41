"""The suite's own shape (issue 22): a fixture or helper is defined in one file only (tests/conftest.py,
tests/helpers.py, tests/serving.py and the like), test modules do not import from each other, the
repository's root is found in one place, the CI-fails-else-skips rule for a missing tool is written
once (tests/helpers.py: `requires_tool`, `missing`), and the caches are emptied around a test by a fixture."""

import ast
from collections import defaultdict

from tests.helpers import REPO

TESTS = REPO / "tests"
HELPERS = TESTS / "helpers.py"

# held_warmup_server.py is a script that `streamlit run` serves: it must find the root to put it on sys.path
# before it can import tests.helpers. The one file allowed to work the root out for itself.
SERVED_SCRIPTS = {"tests/held_warmup_server.py"}


def modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(REPO)): ast.parse(p.read_text(), str(p)) for p in sorted(TESTS.rglob("*.py"))}


def shared_names(trees: dict[str, ast.Module]) -> dict[str, set[str]]:
    """Every top-level function, fixture or class that is not a test (nor a pytest hook, which each
    conftest.py may implement), with the files that define it, when more than one file does."""
    where = defaultdict(set)
    for path, tree in trees.items():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not (
                node.name.startswith(("test_", "Test", "pytest_")) or (node.name == "main" and is_script(tree))
            ):
                where[node.name].add(path)
    return {name: files for name, files in where.items() if len(files) > 1}


def is_script(tree: ast.Module) -> bool:
    """A module run as a script (`if __name__ == "__main__":`): its `main` is an entry point, not a helper."""
    return any(isinstance(n, ast.If) and "__main__" in ast.unparse(n.test) for n in tree.body)


def cross_imports(trees: dict[str, ast.Module]) -> list[str]:
    """`from tests.test_x import ...` (or tests.browser.test_x) in any file: a test module used as a library."""
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1].startswith("test_"):
                found.append(f"{path}: from {node.module} import ...")
    return found


def root_computed(trees: dict[str, ast.Module]) -> set[str]:
    """The files that work out the repository's root from their own location (`Path(__file__)...parents`)."""
    found = set()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "parents" and "__file__" in ast.unparse(node):
                found.add(path)
    return found


def ci_checked(trees: dict[str, ast.Module]) -> set[str]:
    """The files that read the CI variable or look a program up on PATH themselves."""
    found = set()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and node.value == "CI") or (
                isinstance(node, ast.Attribute) and node.attr == "which" and ast.unparse(node) == "shutil.which"
            ):
                found.add(path)
    return found


def cache_resets(trees: dict[str, ast.Module]) -> set[str]:
    """The files that empty the app's caches in a `finally:` of their own (conftest.py's `fresh_caches` and
    `served` do that for a test)."""
    found = set()
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and "clear_caches(" in "".join(ast.unparse(n) for n in node.finalbody):
                found.add(path)
    return found


def test_no_fixture_or_helper_is_defined_in_two_files():
    shared = shared_names(modules())
    assert shared == {}, "define it once, in conftest.py or a helpers module"


def test_no_test_module_imports_another():
    assert cross_imports(modules()) == [], "move what is shared to tests/helpers.py or a conftest.py"


def test_the_repository_root_is_found_in_one_place():
    found = root_computed(modules())
    assert found - SERVED_SCRIPTS == {str(HELPERS.relative_to(REPO))}, "import REPO from tests.helpers"


def test_a_missing_tool_is_handled_in_one_place():
    found = ci_checked(modules())
    own = {str(HELPERS.relative_to(REPO)), str((TESTS / "test_suite_shape.py").relative_to(REPO))}
    assert found - own == set(), "use tests.helpers.requires_tool / missing"


def test_the_caches_are_emptied_by_a_fixture():
    found = cache_resets(modules())
    assert found == set(), "use conftest.py's fresh_caches or served"


def test_the_checks_can_fail():
    """Each check finds what it looks for in a small made-up suite."""
    made_up = {
        "tests/a.py": ast.parse(
            "import os, shutil\nfrom pathlib import Path\nROOT = Path(__file__).resolve().parents[1]\n"
            "def get(url): pass\nCI = os.environ.get('CI')\n"
        ),
        "tests/test_b.py": ast.parse(
            "from tests.test_c import helper\ndef get(url): pass\nshutil.which('x')\n"
            "try:\n    pass\nfinally:\n    clear_caches()\n"
        ),
    }
    assert shared_names(made_up) == {"get": {"tests/a.py", "tests/test_b.py"}}
    assert cross_imports(made_up) == ["tests/test_b.py: from tests.test_c import ..."]
    assert root_computed(made_up) == {"tests/a.py"}
    assert ci_checked(made_up) == {"tests/a.py", "tests/test_b.py"}
    assert cache_resets(made_up) == {"tests/test_b.py"}


def loop_starts(trees: dict[str, ast.Module]) -> set[str]:
    """The files that start an event loop in the test's own thread (`asyncio.run(...)` called directly):
    after tests/browser/ Playwright's loop runs there and that raises. `run_sync` runs it in a thread."""
    return {
        path
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "asyncio.run"
    }


def test_no_test_starts_an_event_loop_in_its_own_thread():
    assert loop_starts(modules()) - {str((TESTS / "test_suite_shape.py").relative_to(REPO))} == set(), (
        "use bench.streamlit_client.run_sync"
    )
    assert loop_starts({"tests/x.py": ast.parse("import asyncio\nasyncio.run(main())\n")}) == {"tests/x.py"}


def test_the_in_process_routes_answer_while_an_event_loop_runs_in_the_thread():
    """The browser tests leave Playwright's loop running in the test thread; a route test run after them
    must still answer (CI run of stop 29: 23 route tests failed with "asyncio.run() cannot be called from a
    running event loop" only because they ran after tests/browser/)."""
    from bench.streamlit_client import run_sync
    from tests.asgi import call

    async def inside_a_running_loop():
        return call("/data/metrics.csv")[0]

    assert run_sync(inside_a_running_loop()) == 200  # a loop runs in that thread, as after tests/browser/
