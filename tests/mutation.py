"""Mutation check: break the code on purpose, one named way at a time, and see the tests fail.

    python -m tests.mutation              # every quick mutation (5 to 10 minutes on two cores)
    python -m tests.mutation --slow       # and those whose tests need Chromium or LibreOffice
    python -m tests.mutation NAME ...     # only these (names or prefixes: `views.`)
    python -m tests.mutation --list       # the mutations and the tests that cover each

Each mutation replaces one piece of text in one module (the text must occur there exactly once, else the
mutation is reported `stale`: the code changed and the list needs updating). The repository's files (what
`git ls-files` lists, and new files not ignored) are copied to a temporary folder; there each mutation is
applied, only the tests that cover that module are run (`pytest -x`: the first failure is enough), and the
file is restored. A mutation is `killed` when the tests fail, `survived` when they pass, `error` when pytest
could not run them (exit code other than 0 or 1). Before the mutations, the tests of every mutation selected
run once unmutated (the baseline): a test that fails without a mutation would count as a kill.

`--tests-at REV` takes the tests/ folder from a git revision instead (to show that an old test survived a
mutation that the current one kills). The last result and the survivors judged harmless are in
tests/README.md. Nothing here imports the dashboard: the mutated code runs only in the pytest subprocesses.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import REPO


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str  # the module's file, relative to the repository
    old: str  # text that occurs exactly once in it
    new: str  # what it becomes
    tests: tuple[str, ...]  # pytest node ids (files or file::test) that cover the module
    breaks: str  # what the mutation removes, in words
    slow: bool = False  # its tests take minutes (a browser, LibreOffice): run with --slow or by name


MUTATIONS: tuple[Mutation, ...] = (
    # The checks issue 22 found passing on nothing, each against the feature it names ---------------------
    Mutation(
        "explorer_page.csv_drops_a_row",
        "dashboard/ui/explorer_page.py",
        "data=lambda: export.csv_bytes(rows()),",
        "data=lambda: export.csv_bytes(rows().iloc[:-1]),",
        ("tests/test_api.py::test_csv_is_the_explorers_csv",),
        "the explorer page's 'Download CSV' loses its last row",
    ),
    Mutation(
        "api.csv_drops_a_column",
        "dashboard/api.py",
        "return export.csv_bytes(rows), filters",
        "return export.csv_bytes(rows.iloc[:, 1:]), filters",
        ("tests/test_api.py::test_csv_is_the_explorers_csv",),
        "/data/observations.csv loses its first column",
    ),
    Mutation(
        "feed.four_entries",
        "dashboard/feed.py",
        "MAX_ENTRIES = 200",
        "MAX_ENTRIES = 4",
        ("tests/test_api.py::test_the_feed_parses_newest_first",),
        "the feed keeps 4 entries (a filter can no longer narrow it)",
    ),
    Mutation(
        "state.bad_lang_unclipped",
        "dashboard/ui/state.py",
        'st.warning(t("notice.bad_lang", lang, value=md(_clip(raw))), icon=":material/translate:")',
        'st.warning(t("notice.bad_lang", lang, value=md(raw)), icon=":material/translate:")',
        ("tests/test_hardening.py::test_hostile_url_parameters_on_every_kind_of_page",),
        "an invalid ?lang= value is shown whole, not clipped to 40 characters",
    ),
    Mutation(
        "state.bad_present_silent",
        "dashboard/ui/state.py",
        'if raw is not None and raw not in ("0", "1"):',
        "if False:",
        ("tests/test_hardening.py::test_hostile_url_parameters_on_every_kind_of_page",),
        "an invalid ?present= value gets no notice",
    ),
    Mutation(
        "views.no_national_figures",
        "dashboard/views.py",
        'return view[view.place_id.isna() | (view.place_id == "")] if "place_id" in view else view',
        "return view.head(0)",
        ("tests/test_scale.py::test_latest_of_each_is_the_card_rule_for_every_metric",),
        "no figure counts as national: no indicator has a latest report",
    ),
    Mutation(
        "views.every_figure_in_a_conflict",
        "dashboard/views.py",
        'view["conflict_ids"] = [ids if isinstance(ids, tuple) else () for ids in observations.obs_id.map(obs_conflicts)]',
        'view["conflict_ids"] = [("c",) for ids in observations.obs_id.map(obs_conflicts)]',
        ("tests/test_scale.py::test_what_changed_on_grown_data_is_what_changed_row_by_row",),
        "every figure is in a conflict: nothing 'changed'",
    ),
    Mutation(
        "models.kpi_never_made",
        "dashboard/models.py",
        '    if latest is None:\n        return None\n    label = pick(latest, "name", lang)',
        '    return None\n    label = pick(latest, "name", lang)',
        ("tests/test_takeaway.py::test_a_page_deck_has_a_picture_title_and_sourced_notes_on_every_chart_slide",),
        "no figure gets a card",
    ),
    Mutation(
        "warmup.builds_nothing",
        "dashboard/warmup.py",
        "    try:\n        warm_all()\n        LOG.info",
        "    try:\n        LOG.info",
        ("tests/test_readiness.py::test_a_real_server_is_ready_only_after_its_warm_up",),
        "the background warm-up builds nothing and says it is done (/ready 200 at once)",
    ),
    Mutation(
        "components.chart_not_drawn",
        "dashboard/ui/components.py",
        "    if chart_obj is None:\n        return\n    if shown is not None:",
        "    if True:\n        return\n    if shown is not None:",
        ("tests/test_pages.py::test_at_least_ten_pages_draw_a_chart",),
        "no page draws its charts",
    ),
    # Promises that had no test ---------------------------------------------------------------------------
    Mutation(
        "explorer.dates_out_of_range_kept",
        "dashboard/explorer.py",
        "if DATE_MIN <= day <= DATE_MAX:",
        "if True:",
        ("tests/test_explorer.py::test_explorer_dates_outside_the_widgets_range_are_ignored_with_a_notice",),
        "a URL date outside the date widgets' 2000-2100 reaches the widget",
    ),
    Mutation(
        "warmup.done_never_set_when_stopped",
        "dashboard/warmup.py",
        "    finally:\n        done.set()",
        "    else:  # only when warm_all returned\n        done.set()",
        ("tests/test_readiness.py::test_ready_on_a_broken_table_once_the_warm_up_has_stopped",),
        "'done' is set only when the warm-up succeeds: a broken table leaves /ready at 503 for ever",
    ),
    Mutation(
        "readiness.hides_unreachable",
        "dashboard/ui/readiness.py",
        "if problem is not None or (version is not None and version.provisional):",
        "if False:",
        ("tests/test_readiness.py::test_ready_on_an_unreadable_version_marker_says_the_location_cannot_be_reached",),
        "/ready no longer says the data location cannot be reached",
    ),
    Mutation(
        "readiness.ready_while_warming_up",
        "dashboard/ui/readiness.py",
        "if not warmup.done.is_set():",
        "if False:",
        ("tests/test_readiness.py::test_not_ready_until_start_up_and_warm_up_are_done",),
        "/ready answers 200 before the warm-up has finished",
    ),
    Mutation(
        "data.shows_credentials",
        "dashboard/data.py",
        "    return f\"{scheme}://{authority.rpartition('@')[2]}{slash}{path}\"",
        "    return base",
        (
            "tests/test_hardening.py::test_credentials_in_the_data_location_are_never_shown",
            "tests/test_hardening.py::test_a_location_that_comes_back_and_swaps_is_logged_without_its_credentials",
        ),
        "a user:secret@ in DATASETS_URI is shown in messages and logs",
    ),
    Mutation(
        "data.library_message_unscrubbed",
        "dashboard/data.py",
        "    message = message.replace(uri, shown_uri(uri))\n",
        "    return message\n",
        ("tests/test_hardening.py::test_credentials_in_the_data_location_are_never_shown",),
        "pyarrow's message quoting an unparsable URI shows its secret",
    ),
    Mutation(
        "timeline.events_unsorted",
        "dashboard/charts/timeline.py",
        'events = events.sort_values("start", kind="stable").reset_index(drop=True)',
        "events = events.reset_index(drop=True)",
        ("tests/test_charts.py::test_a_timeline_summary_states_its_count_first_and_last_event",),
        "a timeline's first and last event are the table's, not the earliest and latest",
    ),
    Mutation(
        "timeline.count_off_by_one",
        "dashboard/charts/timeline.py",
        "n=len(events),",
        "n=len(events) - 1,",
        ("tests/test_charts.py::test_a_timeline_summary_states_its_count_first_and_last_event",),
        "a timeline's summary miscounts its events",
    ),
    Mutation(
        "series.first_is_not_the_earliest",
        "dashboard/charts/series.py",
        "    first = earlier.iloc[0]\n",
        "    first = earlier.iloc[-1]\n",
        ("tests/test_statements.py",),
        "'went from A' takes the latest earlier report, not the earliest",
    ),
    Mutation(
        "series.last_is_not_the_headline",
        "dashboard/charts/series.py",
        "        last=value_text(last, lang, long=True),",
        "        last=value_text(earlier.iloc[-1], lang, long=True),",
        ("tests/test_statements.py",),
        "'to B' states a report before the headline",
    ),
    # The modules the quick loop covers ------------------------------------------------------------------
    Mutation(
        "formatting.lower_bound_loses_its_plus",
        "dashboard/formatting.py",
        '_SHORT = {\n    "en": {\n        "exact": "{n}",\n        "more_than": "{n}+",',
        '_SHORT = {\n    "en": {\n        "exact": "{n}",\n        "more_than": "{n}",',
        ("tests/test_formatting.py", "tests/test_cards.py"),
        "'more than 100,000' shows as '100,000'",
    ),
    Mutation(
        "export.csv_without_bom",
        "dashboard/export.py",
        '        writer.writerow(cells)\n    return ("\\ufeff" + buffer.getvalue()).encode("utf-8")',
        '        writer.writerow(cells)\n    return buffer.getvalue().encode("utf-8")',
        ("tests/test_export.py",),
        "the observations CSV has no byte-order mark (Excel reads the Chinese as mojibake)",
    ),
    Mutation(
        "export.formulas_not_neutralised",
        "dashboard/export.py",
        '    if cell and cell.startswith(_DANGEROUS_START):\n        return "\'" + cell',
        '    if False:\n        return "\'" + cell',
        ("tests/test_export.py", "tests/test_hardening.py"),
        "a cell starting with = + - @ is written as a formula",
    ),
    Mutation(
        "explorer.search_ignored",
        "dashboard/explorer.py",
        "            mask &= haystack.str.contains(word, regex=False)",
        "            pass",
        ("tests/test_explorer.py",),
        "the explorer's ?q= filters nothing",
    ),
    Mutation(
        "explorer.area_children_left_out",
        "dashboard/explorer.py",
        'wanted = set(filters.areas) | set(areas.loc[areas.parent_id.isin(filters.areas), "area_id"])',
        "wanted = set(filters.areas)",
        ("tests/test_explorer.py",),
        "?area= leaves out the area's actions",
    ),
    Mutation(
        "views.headline_is_the_oldest",
        "dashboard/views.py",
        "return None if pool.empty else in_headline_order(pool).iloc[-1]",
        "return None if pool.empty else in_headline_order(pool).iloc[0]",
        ("tests/test_statements.py", "tests/test_cards.py"),
        "a title headlines the oldest report",
    ),
    Mutation(
        "text.esc_does_not_escape",
        "dashboard/charts/text.py",
        "    return html.escape(str(text), quote=False)",
        "    return str(text)",
        ("tests/test_charts.py",),
        "data text reaches Plotly's HTML-like labels unescaped",
    ),
    Mutation(
        "labels.no_collision_check",
        "dashboard/charts/labels.py",
        "        return inside and not any(_overlap(box, other) for other in taken[size])",
        "        return inside",
        ("tests/test_charts.py", "tests/test_maps.py"),
        "a map label is placed over another label or marker",
    ),
    Mutation(
        "i18n.chinese_falls_back_to_english",
        "dashboard/i18n.py",
        '    text = entry.get(lang) or entry["en"]',
        '    text = entry["en"]',
        ("tests/test_i18n.py",),
        "every Chinese sentence is shown in English",
    ),
    # Slow: the checks of the drawn result (--slow) ---------------------------------------------------------
    Mutation(
        "labels.no_collision_check.in_browser",
        "dashboard/charts/labels.py",
        "        return inside and not any(_overlap(box, other) for other in taken[size])",
        "        return inside",
        ("tests/browser/test_chart_text_in_browser.py::test_no_chart_text_overlaps_on_any_page",),
        "as labels.no_collision_check, caught by Chromium's drawing of every page",
        slow=True,
    ),
    Mutation(
        "deck_pptx.every_paragraph_one_line",
        "dashboard/takeaway/deck_pptx.py",
        "    return sum(text_lines(p[0], p[1], room, bold=p[2]) * p[1] * LINE_HEIGHT for p in paragraphs)",
        "    return sum(p[1] * LINE_HEIGHT for p in paragraphs)",
        ("tests/test_takeaway_layout.py::test_deck_text_stays_in_its_box",),
        "the decks measure every paragraph as one line: text is packed into boxes too small for it",
        slow=True,
    ),
)


def select(names: list[str], slow: bool = False) -> list[Mutation]:
    if not names:
        return [m for m in MUTATIONS if slow or not m.slow]
    chosen = [m for m in MUTATIONS if any(m.name == n or (n.endswith(".") and m.name.startswith(n)) for n in names)]
    unknown = [n for n in names if not any(m.name == n or (n.endswith(".") and m.name.startswith(n)) for m in chosen)]
    if unknown:
        raise SystemExit(f"no mutation named {', '.join(unknown)} (see --list)")
    return chosen


def copy_repository(target: Path, tests_at: str | None) -> None:
    """The repository's files as they are in the work tree (tracked, and new files not ignored), without
    caches; with `tests_at`, the tests/ folder of that revision instead."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if tests_at and name.startswith("tests/"):
            continue
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if tests_at:
        archive = subprocess.run(["git", "archive", tests_at, "tests"], cwd=REPO, check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    shared = REPO.parent / "shared"  # tests/helpers.py: the seed articles sit beside the repository
    if shared.exists():
        (target.parent / "shared").symlink_to(shared)


def run_tests(root: Path, tests: list[str], timeout: float) -> tuple[int, float, str]:
    """(pytest's exit code, seconds, the end of its output). No bytecode is written, so a mutated module is
    never read from a stale .pyc of the same size and time."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:cacheprovider", "--no-header", *tests]
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        out = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        return -1, time.monotonic() - start, out[-2000:] + f"\n(timed out after {timeout:.0f} s)"
    return done.returncode, time.monotonic() - start, (done.stdout + done.stderr)[-2000:]


def apply(root: Path, mutation: Mutation) -> str | None:
    """Mutate the copy; returns the original text, or None when the mutation is stale."""
    path = root / mutation.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutation.old) != 1:
        return None
    path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    return text


def first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" - ", 1)[0].removeprefix("FAILED ").removeprefix("ERROR ")
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="mutations to run (a name, or a prefix ending in '.')")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--slow", action="store_true", help="also the slow ones (a browser, LibreOffice)")
    parser.add_argument("--tests-at", metavar="REV", help="run the tests/ folder of this git revision")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per pytest run (default 600)")
    args = parser.parse_args(argv)
    chosen = select(args.names, args.slow)
    if args.list:
        for m in chosen:
            print(f"{m.name:42} {m.path}: {m.breaks}{' (slow)' if m.slow else ''}\n{'':42} tests: {' '.join(m.tests)}")
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cdmm-mutation-") as scratch:
        root = Path(scratch) / "repo"
        copy_repository(root, args.tests_at)
        stale = [m.name for m in chosen if (root / m.path).read_text(encoding="utf-8").count(m.old) != 1]
        if not args.no_baseline:
            tests = list(dict.fromkeys(t for m in chosen if m.name not in stale for t in m.tests))
            code, seconds, output = run_tests(root, tests, args.timeout * 2)
            print(f"baseline: {len(tests)} test selections unmutated, exit code {code}, {seconds:.0f} s", flush=True)
            if code != 0:
                print(output, file=sys.stderr)
                print("the tests fail without a mutation: fix that first", file=sys.stderr)
                return 2
        rows = []
        for m in chosen:
            original = apply(root, m)
            if original is None:
                rows.append((m, "stale", 0.0, "the text to mutate is not found exactly once"))
                print(f"{m.name}: stale", flush=True)
                continue
            try:
                code, seconds, output = run_tests(root, list(m.tests), args.timeout)
            finally:
                (root / m.path).write_text(original, encoding="utf-8")
            result = {0: "survived", 1: "killed"}.get(code, "error")
            detail = first_failure(output) if result == "killed" else ("" if result == "survived" else output[-300:])
            rows.append((m, result, seconds, detail))
            print(f"{m.name}: {result} ({seconds:.0f} s) {detail}", flush=True)
    print()
    print("| mutation | module | result | s | first failing test |")
    print("|---|---|---|---|---|")
    for m, result, seconds, detail in rows:
        shown = detail.replace("|", "\\|").replace("\n", " ")[:160]
        print(f"| `{m.name}` | `{m.path}` | {result} | {seconds:.0f} | {shown} |")
    counts = {r: sum(1 for row in rows if row[1] == r) for r in ("killed", "survived", "stale", "error")}
    print()
    print(
        f"{counts['killed']} killed, {counts['survived']} survived, {counts['stale']} stale, {counts['error']} error"
        f" of {len(rows)} in {time.monotonic() - started:.0f} s"
        + (f" (tests at {args.tests_at})" if args.tests_at else "")
    )
    return 0 if counts["stale"] == counts["error"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
