"""The take-aways as a reader gets them (issue 21, items 5 and 6): every page's deck and the whole deck, in
English and Chinese, converted to PDF by LibreOffice and read back word by word with poppler
(`pdftotext -bbox-layout`); the one-page briefs read the same way, with their fonts (`pdffonts`).

A deck fails on a word outside every text box of its slide, on a text box whose text is not found inside
it (text that ran out of its card lands elsewhere) and on two words that overlap. A brief fails on a word
off the sheet or over another word, on a font that is not an embedded subset (Type 3 glyphs do not copy or
search as text), and, in English, on text set in a CJK font (its quotes and middle dots are full-width:
stray space around them).

Slow: it builds 22 decks and converts them (two LibreOffice runs side by side), and prints 4 briefs."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from dashboard.takeaway import brief, deck_pptx
from tests.helpers import requires_chromium_export, requires_soffice, requires_tool

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # building and converting the decks: minutes

LANGS = ("en", "zh")
DECKS = (*deck_pptx.PAGES_WITH_DOWNLOADS, "all")
BRIEF_PAGES = ("overview", "ai_datasets")
TOLERANCE = 3.0  # points a word's box may stand past its text box (glyph ascent, rounding)
OVERLAP = 0.4  # share of the smaller word's height two words may share before they overlap (line pitch)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def holds(self, other: Box, slack: float = TOLERANCE) -> bool:
        return (
            other.x0 >= self.x0 - slack
            and other.y0 >= self.y0 - slack
            and other.x1 <= self.x1 + slack
            and other.y1 <= self.y1 + slack
        )

    def centre_in(self, other: Box) -> bool:
        x, y = (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2
        return other.x0 <= x <= other.x1 and other.y0 <= y <= other.y1

    def overlaps(self, other: Box) -> bool:
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        smaller = min(self.y1 - self.y0, other.y1 - other.y0)
        return width > 1.0 and height > OVERLAP * smaller


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def pdf_words(path: Path) -> list[tuple[tuple[float, float], list[Box]]]:
    """Each page's size and its words' boxes, in points from the top left."""
    xml = subprocess.run(
        [requires_tool("pdftotext", "apt-get install poppler-utils"), "-bbox-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (
            (float(width), float(height)),
            [Box(*map(float, w[:4]), text=unescape(w[4])) for w in WORD.findall(body)],
        )
        for width, height, body in PAGE.findall(xml)
    ]


def chars(text: str) -> Counter:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def convert_decks(paths: list[Path], out: Path) -> None:
    """Every file to PDF: two LibreOffice runs side by side (separate profiles), each converting half the
    files in one start-up (which is most of the cost of a small deck)."""
    soffice = requires_soffice("libreoffice-impress")
    halves = [paths[0::2], paths[1::2]]
    runs = [
        subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation=file://{out / f'profile-{number}'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, half),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for number, half in enumerate(halves)
        if half
    ]
    for run in runs:
        assert run.wait(timeout=600) == 0, "LibreOffice failed to convert the decks"


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """(deck, lang) -> (the .pptx, LibreOffice's PDF of it)."""
    requires_chromium_export()
    folder = tmp_path_factory.mktemp("decks")
    made = {}
    for lang in LANGS:
        for name in DECKS:
            data = deck_pptx.full_deck(lang) if name == "all" else deck_pptx.page_deck(name, lang)
            path = folder / f"{name}-{lang}.pptx"
            path.write_bytes(data)
            made[(name, lang)] = (path, folder / f"{name}-{lang}.pdf")
    convert_decks([pptx for pptx, _ in made.values()], folder)
    return made


def slide_boxes(slide, scale: float) -> list[Box]:
    """The slide's text boxes (shapes with text), in the PDF's points."""
    out = []
    for shape in slide.shapes:
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            continue
        x, y = Emu(shape.left).pt * scale, Emu(shape.top).pt * scale
        w, h = Emu(shape.width).pt * scale, Emu(shape.height).pt * scale
        out.append(Box(x, y, x + w, y + h, shape.text_frame.text))
    return out


def overlapping(words: list[Box]) -> list[str]:
    return [f"{a.text!r} over {b.text!r}" for i, a in enumerate(words) for b in words[i + 1 :] if a.overlaps(b)]


def deck_problems(pptx: Path, pdf: Path) -> list[str]:
    presentation = Presentation(str(pptx))
    pages = pdf_words(pdf)
    slides = list(presentation.slides)
    assert len(pages) == len(slides), f"{pdf.name}: {len(pages)} pages for {len(slides)} slides"
    problems = []
    for number, (slide, ((width, _), words)) in enumerate(zip(slides, pages, strict=True), 1):
        boxes = slide_boxes(slide, width / Emu(presentation.slide_width).pt)
        where = f"{pdf.name} slide {number}"
        for word in words:
            if not any(box.holds(word) for box in boxes):
                problems.append(f"{where}: {word.text!r} is outside every text box")
        for box in boxes:
            inside = chars("".join(w.text for w in words if w.centre_in(box)))
            missing = chars(box.text) - inside
            if missing:
                problems.append(f"{where}: text of {box.text[:50]!r} runs out of its box ({''.join(missing)[:30]!r})")
        problems += [f"{where}: {pair}" for pair in overlapping(words)]
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DECKS)
def test_deck_text_stays_in_its_box(decks, name, lang):
    pptx, pdf = decks[(name, lang)]
    assert pdf.exists(), f"LibreOffice made no PDF of {pptx.name}"
    problems = deck_problems(pptx, pdf)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:25])


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, and whether each font is embedded and a subset."""
    lines = subprocess.run(
        [requires_tool("pdffonts", "apt-get install poppler-utils"), str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    header = lines[0]
    starts = [header.index(h) for h in ("name", "type", "encoding", "emb", "sub", "uni")]
    rows = []
    for line in lines[2:]:
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        rows.append({"name": cells[0], "type": cells[1], "emb": cells[3].split()[0], "sub": cells[4]})
    return rows


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_id", BRIEF_PAGES)
def test_brief_text_is_clean_and_searchable(tmp_path, page_id, lang):
    requires_chromium_export()
    path = tmp_path / "brief.pdf"
    path.write_bytes(brief.brief_pdf(page_id, lang))
    found = fonts(path)
    assert found, "the brief has text"
    not_subset = [f"{f['name']} ({f['type']})" for f in found if f["type"] == "Type 3" or f["sub"] != "yes"]
    assert not not_subset, f"fonts that do not copy or search as text: {not_subset[:5]} of {len(found)}"
    if lang == "en":
        cjk = [f["name"] for f in found if re.search(r"CJK|Droid|WenQuanYi|Hei|Song", f["name"])]
        assert not cjk, f"English text set in a CJK font (full-width quotes and dots): {cjk}"
    [((width, height), words)] = pdf_words(path)
    sheet = Box(0, 0, width, height)
    problems = [f"{w.text!r} is off the sheet" for w in words if not sheet.holds(w, slack=0)]
    upright = [w for w in words if w.y1 - w.y0 <= 1.5 * (w.x1 - w.x0) or len(w.text) <= 2]  # not an axis title
    problems += overlapping(upright)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:25])
