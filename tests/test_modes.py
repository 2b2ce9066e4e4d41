"""Language and presentation mode through the URL, with valid and invalid values (AppTest)."""

from tests.pages_helper import captions, open_page, plain


def test_lang_zh_shows_the_overview_in_chinese():
    at = open_page("overview", {"lang": "zh"})
    assert not at.exception
    assert at.title[0].value == "中国数据要素市场概览"
    values = [m.value for m in at.metric]
    assert "10万+" in values and "890+PB" in values
    assert "截至2025年12月31日" in captions(at)


def test_lang_en_shows_english_even_for_a_chinese_browser():
    at = open_page("overview", {"lang": "en"}, locale="zh-CN")
    assert at.title[0].value == "China's data-element market at a glance"


def test_browser_language_is_the_default_when_the_url_says_nothing():
    assert open_page("overview", locale="zh-CN").title[0].value == "中国数据要素市场概览"
    assert open_page("overview", locale="en-GB").title[0].value.startswith("China's")
    assert open_page("overview", locale=None).title[0].value.startswith("China's")


def test_unknown_language_falls_back_with_a_visible_notice():
    at = open_page("overview", {"lang": "fr"})
    assert not at.exception
    assert at.title[0].value.startswith("China's")
    assert any("“fr”" in plain(w.value) for w in at.warning)


def test_hostile_language_value_is_shown_as_text_only():
    at = open_page("overview", {"lang": "<script>alert(1)</script>[x](javascript:alert(1))"})
    assert not at.exception
    notice = [w.value for w in at.warning][0]
    assert "<script>" in plain(notice) and "\\<script\\>" in notice  # escaped for Markdown
    assert "\\[x\\]\\(javascript" in notice


def test_every_priority_page_in_chinese():
    at = open_page("ai_datasets", {"lang": "zh", "section": "annotation"})
    assert not at.exception and at.title[0].value == "人工智能高质量数据集"
    assert any("数据标注" in h.value for h in at.header)


def test_present_mode_shows_slide_controls_and_hides_data_tables():
    at = open_page("ai_datasets", {"present": "1"})
    assert not at.exception
    keys = {b.key for b in at.button}
    assert {"present_next", "present_previous", "present_exit"} <= keys
    assert not at.expander, "no data expanders in presentation mode"
    assert not at.error, [e.value for e in at.error]
    assert at.sidebar.toggle[0].value is True


def test_normal_mode_has_no_slide_controls():
    at = open_page("overview")
    assert "present_next" not in {b.key for b in at.button}
    assert at.sidebar.toggle[0].value is False


def test_invalid_present_value_is_ignored_with_a_notice():
    at = open_page("overview", {"present": "yes please"})
    assert not at.exception
    assert "present_next" not in {b.key for b in at.button}
    assert any("present=1" in plain(w.value) for w in at.warning)


def test_dark_theme_renders_every_page_builder_with_dark_colours():
    at = open_page("ai_datasets", theme="dark")
    assert not at.exception
    import json

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["paper_bgcolor"] == "#0e1117"
