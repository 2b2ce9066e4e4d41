"""One palette for light and dark: the Okabe-Ito colours (safe for the common kinds of colour blindness),
darkened on white so that every mark keeps 3:1 and every text 4.5:1 contrast. `.streamlit/config.toml`
uses the same values for the app; chart builders take a theme name and read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str  # secondary text: axis titles, footnotes (>= 4.5:1 on background)
    grid: str
    series: tuple[str, ...]  # categorical colours (style.series_colours gives each series or source its slot)
    accent: str  # the main series
    conflict: str  # rings and labels marking a conflict
    target: str  # targets, forecasts, estimates
    low: str  # label colour for low-reliability marks (>= 4.5:1 on background)
    grades: tuple[str, str, str]  # high, medium, low reliability: most prominent first
    events: tuple[str, ...]  # one fixed, distinct colour per event kind (schema.EVENT_KINDS order)
    primary: str  # Streamlit's primaryColor: buttons with white text on it (>= 4.5:1 against white)
    selected: str  # text of a selected segmented control, on a 10% tint of `primary` (>= 4.5:1 on it)


# Twelve series colours, as many as the largest chart needs (an indicator's page: its series and one colour
# per source, ten of them on the 1.1.0 data). The Okabe-Ito hues first, then Paul Tol's "muted" ones
# (indigo, wine, olive, teal, rose), black, violet and brown; none is the grey of targets or the orange of
# conflict rings, so that a mark's colour never reads as either. The same hue in the same slot in both themes:
# darkened to 3:1 on white, lightened to 3:1 on the dark background.
LIGHT_SERIES = (
    "#0072b2",
    "#b36a00",
    "#00845f",
    "#b0579a",
    "#332288",
    "#882255",
    "#7d7d20",
    "#2a8599",
    "#111418",
    "#c0405a",
    "#5e4fa2",
    "#6b4226",
)
DARK_SERIES = (
    "#56b4e9",
    "#e69f00",
    "#2bbd8e",
    "#e08fc4",
    "#a99cf5",
    "#e5779f",
    "#c8c85a",
    "#6cc5d6",
    "#e6edf3",
    "#ff8fa3",
    "#c4b5fd",
    "#c9a27e",
)

PALETTES = {
    "light": Palette(
        background="#ffffff",
        surface="#f3f5f8",
        text="#111418",
        muted="#57606a",
        grid="#d8dee4",
        series=LIGHT_SERIES,
        accent="#0072b2",
        conflict="#b94400",
        target="#6e6e6e",
        low="#8a5a00",
        grades=("#00527f", "#3d85c6", "#b36a00"),
        events=("#0072b2", "#6e6e6e", "#00845f", "#b0579a", "#c75400", "#111418", "#8a6d00"),
        primary="#0a5fa8",
        selected="#0a5fa8",
    ),
    "dark": Palette(
        background="#0e1117",
        surface="#1a1f2b",
        text="#e6edf3",
        muted="#a3acb9",
        grid="#30363d",
        series=DARK_SERIES,
        accent="#56b4e9",
        conflict="#ff8c4a",
        target="#b0b0b0",
        low="#f0c060",
        grades=("#8ecdf0", "#3a7fb5", "#e69f00"),
        events=("#56b4e9", "#b0b0b0", "#2bbd8e", "#e08fc4", "#f07a3a", "#e6edf3", "#f0e442"),
        # Streamlit writes a selected segmented control in primaryColor on a tint of it, and white on it
        # in primary buttons: no one colour passes both in a dark theme (docs/accessibility.md).
        primary="#1f6feb",
        selected="#79b8ff",
    ),
}

FONT_FAMILY = '"Source Sans", "Source Sans 3", "Source Sans Pro", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def palette(theme: str) -> Palette:
    return PALETTES[theme if theme in PALETTES else "light"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def blend(foreground: str, background: str, alpha: float) -> str:
    """`foreground` at opacity `alpha` over `background`, as #rrggbb."""
    pairs = [
        (int(foreground.lstrip("#")[i : i + 2], 16), int(background.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4)
    ]
    return "#" + "".join(f"{round(alpha * f + (1 - alpha) * b):02x}" for f, b in pairs)


def caption_colour(theme: str, on: str | None = None) -> str:
    """The grey Streamlit gives captions, blockquotes and help text: the text colour at 60% opacity
    (its `fadedText60`). It passes 4.5:1 only because the light theme's text is dark enough."""
    colours = palette(theme)
    return blend(colours.text, on or colours.background, 0.6)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# A target's status (schema.TargetStatus) -> its slot: met green, on track blue, behind orange, missed rose,
# not measurable the grey of targets. Series colours, so every status mark keeps 3:1 in both themes.
_STATUS_SLOTS = {"met": 2, "on_track": 0, "behind": 1, "missed": 9}


def status_colour(theme: str, status: str) -> str:
    colours = palette(theme)
    slot = _STATUS_SLOTS.get(status)
    return colours.target if slot is None else colours.series[slot]
