"""How long the take-away downloads take to build (issue 14): the whole dashboard's deck, one page's deck and
the one-page briefs, with Chromium cold and warm, and three ways of drawing the charts' pictures.

    python bench/deck.py [--lang en] [--compare 20]

The server builds every page's figures at start-up (dashboard/warmup.py), so the figures are built before
anything is timed here: what is measured is drawing the pictures, printing the PDF and writing the file.
"Cached" is a second request for the same file (built once per dataset version and language). Prints a
table; targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pptx import Presentation  # noqa: E402

from dashboard import figures, warmup  # noqa: E402
from dashboard.layouts import CHART_KINDS  # noqa: E402
from dashboard.takeaway import brief, deck, deck_pptx, image_export  # noqa: E402
from dashboard.ui import startup  # noqa: E402

TARGET_SLIDES, TARGET_SECONDS = 40, 5.0  # "a 40-slide deck within a few seconds once Chromium is up"


def timed(build):
    start = time.perf_counter()
    value = build()
    return value, time.perf_counter() - start


def slides_in(data: bytes) -> int:
    return len(Presentation(io.BytesIO(data)).slides)


def clear_decks() -> None:
    """Forget built decks, briefs and pictures (not the figures): the next request builds them again."""
    for cached in (deck_pptx.full_deck, deck_pptx.page_deck, deck_pptx.slide_picture, brief.brief_pdf):
        cached.clear()


def chart_figures(lang: str, count: int) -> list:
    blocks = [
        s.block
        for s in deck.deck(lang)
        if s.kind == "chart" and s.block.kind in (*CHART_KINDS, "figures_per_area", "source_grades")
    ]
    charts = [figures.block_chart(b, lang, "light") for b in blocks]
    return [c.figure for c in charts if c is not None][:count]


def compare_renderers(lang: str, count: int) -> list[tuple[str, float]]:
    """The same pictures drawn three ways (warm browsers): Kaleido's own server, one call per figure (it
    reloads its page after each image); Kaleido's batch call (write_fig_from_object, files on disk); and
    this project's renderer, which keeps the page (image_export.render)."""
    import kaleido

    figs = chart_figures(lang, count)
    opts = {"format": "png", "scale": 2, "width": deck_pptx.PICTURE_PX}
    kaleido.start_sync_server(path=image_export.chromium_path(), silence_warnings=True)
    try:
        kaleido.calc_fig_sync(figs[0], opts=opts)  # start its browser before timing
        _, per_figure = timed(lambda: [kaleido.calc_fig_sync(f, opts=opts) for f in figs])
        with tempfile.TemporaryDirectory() as folder:
            specs = [{"fig": f, "path": f"{folder}/{i}.png", "opts": opts} for i, f in enumerate(figs)]
            _, batch = timed(lambda: kaleido.write_fig_from_object_sync(specs))
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    _, kept = timed(lambda: image_export.render(figs, scale=2, width=deck_pptx.PICTURE_PX))
    return [
        (f"Kaleido calc_fig_sync, one call per figure ({len(figs)} charts)", per_figure),
        (f"Kaleido write_fig_from_object_sync, one batch ({len(figs)} charts)", batch),
        (f"image_export.render, page kept, one batch ({len(figs)} charts)", kept),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", default="en", choices=("en", "zh"))
    parser.add_argument("--compare", type=int, default=20, help="charts drawn in the renderer comparison")
    args = parser.parse_args()
    lang = args.lang
    other = "zh" if lang == "en" else "en"

    startup.prepare(warm=False)
    for language in (lang, other):
        warmup.warm(language, "light")
    rows: list[tuple[str, str, float]] = []

    data, seconds = timed(lambda: deck_pptx.full_deck(lang))
    total = slides_in(data)
    rows.append((f"whole deck ({lang}), Chromium cold (its start included)", str(total), seconds))
    clear_decks()
    data, seconds = timed(lambda: deck_pptx.full_deck(lang))
    rows.append((f"whole deck ({lang}), Chromium warm", str(slides_in(data)), seconds))
    warm_full = seconds
    _, seconds = timed(lambda: deck_pptx.full_deck(lang))
    rows.append((f"whole deck ({lang}), cached", str(total), seconds))
    data, seconds = timed(lambda: deck_pptx.full_deck(other))
    rows.append((f"whole deck ({other}), Chromium warm", str(slides_in(data)), seconds))

    clear_decks()
    pages = []
    for page_id in deck_pptx.PAGES_WITH_DOWNLOADS:
        data, seconds = timed(lambda page_id=page_id: deck_pptx.page_deck(page_id, lang))
        pages.append((page_id, slides_in(data), seconds))
    biggest = max(pages, key=lambda p: p[1])
    rows.append((f"page deck {biggest[0]} ({lang}), pictures not cached", str(biggest[1]), biggest[2]))
    rows.append(
        (
            f"page decks, median of {len(pages)} pages ({lang})",
            str(int(statistics.median(p[1] for p in pages))),
            statistics.median(p[2] for p in pages),
        )
    )
    _, seconds = timed(lambda: deck_pptx.full_deck(lang))
    rows.append((f"whole deck ({lang}) after every page deck (pictures cached)", str(total), seconds))

    for language in (lang, other):
        for page_id in ("overview", "ai_datasets"):
            _, seconds = timed(lambda page_id=page_id, language=language: brief.brief_pdf(page_id, language))
            rows.append((f"brief {page_id} ({language})", "1 page", seconds))
    _, seconds = timed(lambda: brief.brief_pdf("ai_datasets", lang))
    rows.append((f"brief ai_datasets ({lang}), cached", "1 page", seconds))

    comparison = compare_renderers(lang, args.compare)

    width = max(len(r[0]) for r in rows + [(c[0], "", 0) for c in comparison])
    print(f"{'what':<{width}}  {'slides':>7}  {'seconds':>8}")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 8}")
    for what, slides, seconds in rows:
        print(f"{what:<{width}}  {slides:>7}  {seconds:8.2f}")
    print()
    print(f"{'drawing the pictures':<{width}}  {'per pic':>7}  {'seconds':>8}")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 8}")
    for what, seconds in comparison:
        print(f"{what:<{width}}  {seconds / args.compare:7.3f}  {seconds:8.2f}")
    per_slide = warm_full / total
    print()
    print(
        f"target: a {TARGET_SLIDES}-slide deck within {TARGET_SECONDS:.0f} s once Chromium is up; measured "
        f"{per_slide * TARGET_SLIDES:.1f} s for {TARGET_SLIDES} slides at the whole deck's rate "
        f"({total} slides in {warm_full:.1f} s) -> {'met' if per_slide * TARGET_SLIDES <= TARGET_SECONDS else 'not met'}"
    )


if __name__ == "__main__":
    main()
