"""Which modules does a page run import for the first time, after the server's start-up path has run?

Run in a fresh interpreter (the test does): `python -m tests.import_audit`. It runs the start-up path that
the server runs before it takes traffic (`dashboard.ui.startup.prepare`, without the background warm-up),
then every page through AppTest in each language, theme and presentation mode, opens the data
expanders and the explorer's downloads, and prints one module name per line: those that the runs imported
for the first time. A module imported inside a viewer's script run can be seen half-initialised by another
viewer's thread (issue 10: PIL.Image inside Plotly's JSON encoder), so the list must be empty.
"""

from __future__ import annotations

import sys

# What AppTest itself needs to drive a script (the test harness, not the app): imported before the snapshot
# by running a trivial script once.
HARNESS_SCRIPT = "import streamlit as st\nst.write('harness')\n"
HARNESS_PREFIXES = ("streamlit.testing",)


def main() -> int:
    try:
        from dashboard.ui import startup
    except ImportError:  # a tree from before issue 10 had no start-up path: the server imported Streamlit only
        import streamlit  # noqa: F401

        harness = HARNESS_PREFIXES
    else:
        startup.prepare(warm=False)
        harness = startup.HARNESS_PREFIXES

    from streamlit.testing.v1 import AppTest

    from dashboard.navigation import PAGES
    from tests.pages_helper import open_page

    AppTest.from_string(HARNESS_SCRIPT, default_timeout=60).run()
    before = set(sys.modules)

    runs = []
    # Each language, theme and mode on every page, in two runs a page (every pair of them is not needed:
    # what a run imports depends on what it builds, and each value builds its own figures and strings).
    for query, theme in (({}, "light"), ({"lang": "zh", "present": "1"}, "dark")):
        for spec in PAGES:
            at = open_page(spec.page_id, query=dict(query), theme=theme)
            runs.append((spec.page_id, query, theme, [e.value for e in at.exception]))
    # The explorer with filters (its table and downloads are built in the run).
    at = open_page("explorer", query={"q": "annotation", "kind": "reported"})
    runs.append(("explorer?q", {}, "light", [e.value for e in at.exception]))
    failed = [r for r in runs if r[3]]
    new = sorted(m for m in set(sys.modules) - before if not m.startswith(harness))
    for name in new:
        print(name)
    for page_id, query, theme, exceptions in failed:
        print(f"# {page_id} {query} {theme} raised: {exceptions[0][:200]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
