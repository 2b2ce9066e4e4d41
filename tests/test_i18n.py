"""The translation catalog: every key in both languages, with the same placeholders; every key used exists."""

import re
import string

from dashboard.i18n import CATALOG, LANGS, t
from dashboard.navigation import PAGES
from tests.helpers import REPO


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, entry in CATALOG.items():
        assert set(entry) == set(LANGS), key
        for lang in LANGS:
            assert entry[lang].strip(), (key, lang)
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_chinese_strings_are_chinese():
    def words(text: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "", text)

    mostly_latin = [
        k
        for k, e in CATALOG.items()
        if not re.search(r"[\u4e00-\u9fff]", e["zh"]) and re.search(r"[A-Za-z]{4}", words(e["en"]))
    ]
    assert not mostly_latin, mostly_latin


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in [*REPO.glob("dashboard/**/*.py"), *REPO.glob("pages/*.py")]:
        used |= set(
            re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']\s*[,)]""", path.read_text(encoding="utf-8"))
        )
    missing = used - set(CATALOG)
    assert not missing, missing


def test_navigation_labels_exist_for_every_page():
    for page in PAGES:
        for key in (page.title_key, page.section, page.help_key):
            assert key in CATALOG


def test_unknown_language_falls_back_to_english():
    assert t("nav.overview", "fr") == CATALOG["nav.overview"]["en"]


def test_each_language_gets_its_own_string_with_the_values_filled_in():
    values = {"n": 3, "first_when": "2021", "first": "A", "last_when": "2025", "last": "B"}
    assert t("chart.summary.events", "zh", **values) == "3件大事，从2021（A）到2025（B）。"
    assert t("chart.summary.events", "en", **values) == "3 events, from 2021 (A) to 2025 (B)."
    assert t("chart.summary.events", "en", **{**values, "n": 1}) == "1 event, from 2021 (A) to 2025 (B)."


def test_every_member_of_a_labelled_set_has_a_label_in_both_languages():
    from dashboard.schema import LABELLED, Grade

    assert Grade in LABELLED
    missing = [
        f"{prefix}.{member}"
        for enum, prefix in LABELLED.items()
        for member in enum
        if f"{prefix}.{member}" not in CATALOG or set(CATALOG[f"{prefix}.{member}"]) != set(LANGS)
    ]
    assert missing == []


def test_closed_sets_are_enums_and_the_tuples_follow_them():
    from enum import StrEnum

    from dashboard import schema

    assert tuple(schema.Qualifier) == schema.QUALIFIERS and tuple(schema.Grade) == schema.GRADES
    assert all(issubclass(enum, StrEnum) for enum in schema.LABELLED)
    assert schema.Grade.LOW == "low"  # a member is its string, so the tables keep plain strings


def test_one_of_a_thing_is_singular():
    """No "1 reports": a count of one takes the singular form (the key's `.one` variant)."""
    plural = re.compile(r"\b1 (?!×)([a-z]+s)\b")
    wrong = []
    for key, entry in CATALOG.items():
        names = placeholders(entry["en"])
        if "n" not in names or key.endswith(".one"):
            continue
        text = t(key, "en", **{name: 1 if name == "n" else "x" for name in names})
        if plural.search(text):
            wrong.append(f"{key}: {text}")
    assert not wrong, "\n".join(wrong)
    assert t("indicator.reports", "en", n=1) == "1 report" and t("indicator.reports", "en", n=2) == "2 reports"
