"""Long priority pages in sections (issue 21, item 8): the headline cards and lead charts first, the rest
one section at a time under a short index, the open section named in the URL (`?section=`)."""

import pytest

from dashboard import sections
from dashboard.i18n import CATALOG
from dashboard.layouts import Block, BlockKind
from dashboard.navigation import AREA_PAGE_IDS
from dashboard.sections import Section, SectionKind
from dashboard.takeaway import deck
from tests.helpers import REPO
from tests.pages_helper import open_page, plain, plotly_specs


@pytest.mark.parametrize("area_id", AREA_PAGE_IDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_block_of_a_page_is_in_exactly_one_section_in_page_order(area_id, lang):
    """Sections only cut the page: nothing it showed before is lost, doubled or moved out of order."""
    page = [b for b in deck.page_contents(area_id, lang) if b.kind != BlockKind.HEADING]
    cut = [b for s in sections.area_sections(area_id, lang) for b in s.blocks]
    assert cut == page


@pytest.mark.parametrize("area_id", AREA_PAGE_IDS)
def test_section_ids_are_unique_and_every_name_is_in_the_catalog(area_id):
    found = sections.area_sections(area_id, "en")
    ids = [s.section_id for s in found]
    assert len(ids) == len(set(ids)), ids
    for section in found:
        for key in (section.index_key, section.title_key):
            assert set(CATALOG[key]) == {"en", "zh"}, key
        assert section.blocks or section.kind in (SectionKind.NOTES, SectionKind.EVENTS, SectionKind.SERIES)


def test_the_ai_page_opens_at_its_lead_and_its_headings_become_sections():
    found = sections.area_sections("ai_datasets", "en")
    assert [s.section_id for s in found] == [
        "lead",
        "tokens",
        "annotation",
        "value",
        "plan",
        "series",
        "events",
        "notes",
    ]
    lead = found[0]
    assert lead.blocks[0].kind == BlockKind.CARDS and "hqds_count" in lead.blocks[0].metrics
    assert all(b.kind != BlockKind.HEADING for s in found for b in s.blocks)


def test_a_page_without_declared_blocks_opens_at_its_figures_not_at_more_figures():
    first = sections.area_sections("international", "en")[0]
    assert first.kind == SectionKind.SERIES and first.index_key == "section.index.figures"


def test_declared_sections_cut_at_headings_and_drop_empty_parts(monkeypatch):
    cards = Block(BlockKind.CARDS, ("a",))
    chart = Block(BlockKind.SERIES, ("b",))
    monkeypatch.setitem(
        sections.AREA_BLOCKS,
        "synthetic",
        (
            Block(BlockKind.HEADING, title_key="area.heading.first"),
            cards,
            Block(BlockKind.HEADING, title_key="area.heading.empty"),
            Block(BlockKind.HEADING, title_key="area.heading.last"),
            chart,
        ),
    )
    assert sections.declared_sections("synthetic") == [
        Section("first", SectionKind.TOPIC, "area.heading.first", (cards,)),
        Section("last", SectionKind.TOPIC, "area.heading.last", (chart,)),
    ]


def test_choose_follows_the_url_and_falls_back_to_the_first_section():
    found = sections.area_sections("ai_datasets", "en")
    assert sections.choose(None, found) == (found[0], True)
    assert sections.choose("", found) == (found[0], True)
    assert sections.choose("Tokens ", found) == (found[1], True)
    assert sections.choose("<script>", found) == (found[0], False)
    assert sections.choose("lead", ()) == (None, False)


def test_every_section_id_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `section` |"))
    for area_id in AREA_PAGE_IDS:
        for section in sections.area_sections(area_id, "en"):
            assert f"`{section.section_id}`" in row, f"{area_id}: section {section.section_id} is not in the README"


def _chart_titles(at) -> list[str]:
    return [plain(spec["layout"]["title"]["text"]) for spec in plotly_specs(at)]


def test_the_page_draws_only_its_open_section():
    found = {s.section_id: s for s in sections.area_sections("ai_datasets", "en")}
    lead = open_page("ai_datasets")
    assert not lead.exception
    charts_of = {
        k: [b for b in s.blocks if b.kind not in (BlockKind.CARDS, BlockKind.ACTIONS)] for k, s in found.items()
    }
    assert len(plotly_specs(lead)) == len(charts_of["lead"])
    assert len(lead.dataframe) == 1, "the six actions are in the lead"
    tokens = open_page("ai_datasets", query={"section": "tokens"})
    assert not tokens.exception and len(plotly_specs(tokens)) == len(charts_of["tokens"])
    assert any("token" in title.lower() for title in _chart_titles(tokens))
    assert not set(_chart_titles(tokens)) & set(_chart_titles(lead))
    notes = open_page("ai_datasets", query={"section": "notes"})
    assert not plotly_specs(notes)
    assert any(plain(h.value).startswith("Sources for this page") for h in notes.subheader)


def test_the_index_writes_the_section_id_to_the_url_in_both_languages_and_reads_it_back():
    at = open_page("ai_datasets", query={"lang": "zh"})
    index = at.button_group(key="section-ai_datasets")
    assert index.value == "lead" and "section" not in at.query_params
    index.set_value("events").run()
    assert not at.exception
    assert at.query_params["section"] == "events", "the id, not the translated label"
    assert any("大事记" in plain(h.value) for h in at.header)
    at.button_group(key="section-ai_datasets").set_value("lead").run()
    assert "section" not in at.query_params, "the first section keeps a clean URL"
    at.query_params["section"] = "tokens"  # the URL changed outside the widget: Back, or a link followed
    at.run()
    assert at.button_group(key="section-ai_datasets").value == "tokens"
    assert any("Token" in plain(h.value) for h in at.header)


def test_an_unknown_section_is_named_in_a_notice_and_the_page_opens_at_its_first():
    at = open_page("ai_datasets", query={"section": "<b>nope</b>"})
    assert not at.exception
    notice = plain(" ".join(w.value for w in at.warning))
    assert "<b>nope</b>" in notice and "tokens" in notice
    assert at.button_group(key="section-ai_datasets").value == "lead"
    assert "section" not in at.query_params
