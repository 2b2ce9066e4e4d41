"""The take-away downloads (issue 14): a page's deck (PPTX) reopened with python-pptx and converted by
LibreOffice, the one-page briefs (PDF) read back with poppler, and the buttons on the pages.

Cheap on purpose: one small page's deck (in both languages), one page's brief (in both languages), and
a brief made from content without figures. The deck of the whole dashboard is measured in bench/deck.py."""

import dataclasses
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import models
from dashboard.i18n import t
from dashboard.takeaway import brief, deck, deck_pptx, image_export
from tests.helpers import requires_chromium_export, requires_soffice, requires_tool
from tests.pages_helper import captions, open_page

DECK_PAGE = "data_system"  # few slides: two card groups and two charts
BRIEF_PAGE = "ai_datasets"  # the fullest page: the hardest to keep on one sheet


def reopen(data: bytes, tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return Presentation(str(path)), path


@pytest.mark.parametrize(("lang", "source_word"), [("en", "Source"), ("zh", "来源")])
def test_a_page_deck_has_a_picture_title_and_sourced_notes_on_every_chart_slide(tmp_path, lang, source_word):
    requires_chromium_export()
    presentation, _ = reopen(deck_pptx.page_deck(DECK_PAGE, lang), tmp_path, "page.pptx")
    slides = list(presentation.slides)
    expected = [s for s in deck.deck(lang) if s.page_id == DECK_PAGE]
    sources_title = t("deck.sources_title", lang)
    closing = [s for s in slides if s.shapes.title.text_frame.text.startswith(sources_title)]
    body = slides[1 : len(slides) - len(closing)]
    assert closing and slides[-len(closing) :] == closing, "the sources slides close the deck"
    version = deck_pptx.release()["version"]
    first = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert version in first and deck_pptx.page_name(DECK_PAGE, lang) in first
    planned_charts = [s for s in expected if s.kind == "chart"]
    chart_slides = []
    card_texts = ""
    for slide in body:
        texts = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        notes = slide.notes_slide.notes_text_frame.text
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        title = slide.shapes.title.text_frame.text.strip()
        assert title and title not in (t("deck.figures", lang), t("area.more_figures", lang)), "a finding as title"
        assert source_word in notes and version in notes, notes[:200]
        if pictures:
            chart_slides.append(slide)
            assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
            assert pictures[0].image.size[0] == 2 * deck_pptx.PICTURE_PX, "drawn at twice its size"
            assert source_word in texts, "the source line is on the slide as text"
        else:  # a group of figures: native, editable text with each value and its source, no picture
            card_texts += texts
    assert len(chart_slides) == len(planned_charts), "a slide per chart"
    planned_cards = [m for planned in expected if planned.kind == "cards" for m in planned.block.metrics]
    assert planned_cards, f"{DECK_PAGE} has card groups"
    for metric_id in planned_cards:
        card = models.kpi(metric_id, lang)
        assert card is not None, f"a slide plans a card for {metric_id}, which has none"
        assert card.value in card_texts and deck_pptx.plain(card.label) in card_texts, metric_id
    cited = {line for slide in body for line in _cited(slide)}
    listed = {line for slide in closing for line in _cited(slide)}
    assert cited and cited <= listed, "every source a slide cites is on a closing slide (and in its notes)"
    assert all(_cited(slide) for slide in closing)
    assert deck_pptx.deck_file_name(DECK_PAGE, lang).startswith(f"china-data-market-monitor-data-system-{lang}-")


def _cited(slide) -> list[str]:
    """The sources a slide's notes cite, a line each (publisher, date, title, address)."""
    notes = slide.notes_slide.notes_text_frame.text.splitlines()
    return [line for line in notes if line.startswith("- ") and "http" in line]


def test_libreoffice_converts_the_deck(tmp_path):
    requires_chromium_export()
    soffice = requires_soffice("libreoffice-impress")
    pdfinfo = requires_tool("pdfinfo", "apt-get install poppler-utils")
    _, path = reopen(deck_pptx.page_deck(DECK_PAGE, "en"), tmp_path, "page.pptx")
    out = tmp_path / "pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    produced = out / "page.pdf"
    assert produced.exists(), list(out.iterdir()) if out.exists() else "no output folder"
    info = subprocess.run([pdfinfo, str(produced)], check=True, capture_output=True, text=True).stdout
    assert f"Pages:           {len(Presentation(str(path)).slides)}" in info, info


def pdf_text(data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    info = subprocess.run(
        [requires_tool("pdfinfo", "apt-get install poppler-utils"), str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(
        [requires_tool("pdftotext", "apt-get install poppler-utils"), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return pages, text


def squeeze(text: str) -> str:
    return "".join(text.split()).lower()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_brief_is_one_page_with_its_headline_figures(tmp_path, lang):
    requires_chromium_export()
    content = brief.content(BRIEF_PAGE, lang)
    assert content.figures and content.chart_block is not None and len(content.findings) == brief.FINDINGS
    pages, text = pdf_text(brief.brief_pdf(BRIEF_PAGE, lang), tmp_path)
    assert pages == 1
    flat = squeeze(text)
    for card in content.figures:
        assert squeeze(card.value) in flat, card.value
        assert squeeze(card.label) in flat, card.label
    assert squeeze(t("brief.conflicts", lang)) in flat and squeeze(t("brief.sources", lang)) in flat
    if lang == "zh":
        assert "高质量数据集" in flat and squeeze(t("brief.findings", "zh")) in flat
    assert brief.file_name(BRIEF_PAGE, lang).endswith(".pdf")


def test_a_page_without_figures_gives_a_brief_that_says_so(tmp_path, monkeypatch):
    requires_chromium_export()
    real = models.area_page
    monkeypatch.setattr(brief.deck, "page_blocks", lambda page_id, lang: [])
    monkeypatch.setattr(
        brief.models, "area_page", lambda *args: dataclasses.replace(real(*args), has_figures=False, conflicts=())
    )
    content = brief.content("international", "en")
    assert not content.has_figures and not content.figures and not content.findings
    data, fitted = image_export.pdf(brief.page_html(content, None), fit_levels=brief.FIT_LEVELS)
    pages, text = pdf_text(data, tmp_path)
    assert pages == 1 and fitted["fits"]
    assert squeeze(t("brief.no_figures", "en")) in squeeze(text)
    assert t("brief.headline", "en").upper() not in text, "no heading of headline figures (headings print in capitals)"


def test_the_buttons_are_on_a_priority_page_and_not_when_presenting():
    at = open_page("data_market")
    buttons = [b.proto for b in at.get("download_button")]
    labels = {b.label: b for b in buttons}
    assert [b.label for b in buttons].count(t("export.all_png", "en")) == 1, "the PNG zip joins the row, once"
    for key in ("deck.download_page", "brief.download", "deck.download_all"):
        assert t(key, "en") in labels, list(labels)
        assert labels[t(key, "en")].deferred_file_id, "built on click, not on every run"
    presenting = open_page("data_market", {"present": "1"})
    assert not presenting.exception
    assert not [b for b in presenting.get("download_button")], "presentation mode shows no downloads"


def test_without_chromium_the_buttons_say_why(monkeypatch):
    monkeypatch.setattr(image_export, "available", lambda: False)
    at = open_page("overview", {"lang": "zh"})
    assert not at.exception
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons[t("deck.download_page", "zh")].disabled and buttons[t("brief.download", "zh")].disabled
    assert buttons[t("deck.download_all", "zh")].disabled
    assert t("deck.unavailable", "zh") in captions(at)
