"""Contrast that the theme settings decide, checked without a browser (the browser tests run axe-core).

Streamlit draws captions, blockquotes and help text in the text colour at 60% opacity, and a selected
segmented control in primaryColor on a 10% tint of it; white text sits on primaryColor in primary buttons.
"""

import tomllib

import pytest

from dashboard.theme import PALETTES, THEMES, blend, caption_colour, contrast
from dashboard.ui import components
from tests.helpers import REPO

CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())


@pytest.mark.parametrize("theme", THEMES)
def test_the_app_theme_and_the_chart_palette_are_one(theme):
    settings, palette = CONFIG["theme"][theme], PALETTES[theme]
    assert settings["textColor"] == palette.text
    assert settings["backgroundColor"] == palette.background
    assert settings["secondaryBackgroundColor"] == palette.surface
    assert settings["primaryColor"] == palette.primary


@pytest.mark.parametrize("theme", THEMES)
def test_captions_reach_4_5_to_1_on_both_backgrounds(theme):
    palette = PALETTES[theme]
    for background in (palette.background, palette.surface):
        assert contrast(caption_colour(theme, background), background) >= 4.5, (theme, background)


@pytest.mark.parametrize("theme", THEMES)
def test_buttons_and_selected_controls_reach_4_5_to_1(theme):
    palette = PALETTES[theme]
    assert contrast("#ffffff", palette.primary) >= 4.5  # primary buttons
    for background in (palette.background, palette.surface):  # the page and the sidebar
        assert contrast(palette.selected, blend(palette.primary, background, 0.1)) >= 4.5, (theme, background)
    assert palette.selected in components._THEME_CSS[theme]


def test_the_old_light_text_colour_would_fail_captions():
    """The check above can fail: with the text colour used before, captions measured 4.24:1, as axe found."""
    assert round(contrast(blend("#1f2328", "#ffffff", 0.6), "#ffffff"), 2) == 4.24
