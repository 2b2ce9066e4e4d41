"""The one definition of every table: columns, types, closed sets, keys.

The curation build, the loaders and the tests all read this module, so a column is declared once.
Each table is curated as ``datasets/curated/<name>.csv`` and built into ``datasets/<name>.parquet``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

# Closed sets -------------------------------------------------------------------------------------
# Each is a StrEnum: a member is its string (`Grade.LOW == "low"`), so tables keep plain strings and code
# names the member instead of repeating a literal. The tuples below are the same sets, in order, for the
# column declarations and the checks. Every member that a viewer sees has a catalog label in both
# languages (`LABELLED` below; `tests/test_i18n.py` checks it).


class Qualifier(StrEnum):
    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    ABOUT = "about"
    NEARLY = "nearly"  # 近: just under the value, drawn as an upper bound
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    INDICATIVE = "indicative"  # a derived figure that is neither a bound nor an estimate (a ratio of two bounds)


class ObservationKind(StrEnum):
    REPORTED = "reported"
    DERIVED = "derived"


class Status(StrEnum):
    ACTUAL = "actual"
    TARGET = "target"
    FORECAST = "forecast"
    ESTIMATE = "estimate"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class Reliability(StrEnum):
    OFFICIAL = "official"
    STATE_MEDIA = "state_media"
    PRESS = "press"
    ANALYSIS = "analysis"
    AGGREGATOR = "aggregator"
    REPUBLICATION = "republication"
    BLOG = "blog"


class Grade(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SourceKind(StrEnum):
    MEETING_SUMMARY = "meeting_summary"
    BRIEFING = "briefing"
    ARTICLE = "article"
    PRESS_CONFERENCE = "press_conference"
    TRANSCRIPT = "transcript"
    REPORT_SUMMARY = "report_summary"
    ANALYSIS = "analysis"
    AGGREGATOR_SUMMARY = "aggregator_summary"
    REPUBLICATION = "republication"
    BLOG = "blog"


class Language(StrEnum):
    EN = "en"
    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    MIXED = "mixed"


class AreaKind(StrEnum):
    PRIORITY = "priority"
    ACTION = "action"
    CROSS_CUTTING = "cross_cutting"


class PlaceRole(StrEnum):
    ANNOTATION_PILOT_CITY = "annotation_pilot_city"
    MEETING_VENUE = "meeting_venue"
    SUMMIT_VENUE = "summit_venue"
    ANNOTATION_BASE = "annotation_base"
    DATA_FLOW_NODE = "data_flow_node"
    PILOT_ZONE = "pilot_zone"
    DATA_EXCHANGE = "data_exchange"
    PROVINCE = "province"
    COMPUTING_HUB = "computing_hub"


class EntityKind(StrEnum):
    INSTITUTION = "institution"
    PERSON = "person"
    FRAMEWORK = "framework"
    INITIATIVE = "initiative"
    PLATFORM = "platform"
    PLAN = "plan"


class EventKind(StrEnum):
    MEETING = "meeting"
    PUBLICATION = "publication"
    PRESS_CONFERENCE = "press_conference"
    POLICY = "policy"
    LAUNCH = "launch"
    APPOINTMENT = "appointment"
    CONTEST = "contest"


class ConflictKind(StrEnum):
    VALUE = "value"
    SCOPE = "scope"
    DEFINITION = "definition"
    NAME = "name"
    DATE = "date"
    WORDING = "wording"
    METHOD = "method"


class MemberTable(StrEnum):
    """The tables a conflict's members come from."""

    OBSERVATIONS = "observations"
    MENTIONS = "mentions"
    AREA_WORDINGS = "area_wordings"


class MemberAssessment(StrEnum):
    """What a conflict's explanation concludes of one of its members."""

    KEPT = "kept"  # one side of the disagreement; we cannot say which is right
    PROBABLE_ERROR = "probable_error"  # probably a slip of its source: kept and shown with its conflict only


class ZhOrigin(StrEnum):
    """Where the Chinese text of an English quotation comes from."""

    ORIGINAL = "original"  # a Chinese source's own words, verbatim (named in zh_source_id)
    TRANSLATION = "translation"  # our translation, shown as ours


class UnitKind(StrEnum):
    COUNT = "count"
    MULTIPLE = "multiple"
    PERCENT = "percent"
    VOLUME = "volume"
    MONEY = "money"
    RATE = "rate"
    INDEX = "index"
    COMPUTE = "compute"
    TOKENS = "tokens"


class TargetStatus(StrEnum):
    """Where a policy target stands (dashboard/targets.py; the rule of each is in Sources and methods)."""

    MET = "met"  # a report on or before the deadline reaches it, whatever its bound
    ON_TRACK = "on_track"  # the growth achieved over the last reports is at least the growth still needed
    BEHIND = "behind"  # the growth achieved is below the growth still needed
    MISSED = "missed"  # a report at or after the deadline falls short of it
    NOT_MEASURABLE = "not_measurable"  # no series, no report, or the bounds cannot decide


class TargetReason(StrEnum):
    """Why a target's status is what it is, when the figures alone do not say it."""

    NO_SERIES = "no_series"  # no actual series has the target's scope
    NO_REPORTS = "no_reports"  # its series has no actual report yet
    NO_EARLIER = "no_earlier"  # one report only (none far enough before the latest to measure a pace)
    BOUNDS = "bounds"  # the reports' bounds cannot decide it
    NO_PACE = "no_pace"  # a unit without a growth rate (a percentage, an index)
    MET_LATE = "met_late"  # reached only in a report dated after the deadline
    AWAITING = "awaiting"  # the deadline has passed with no report since: judged at the last report


# The sets a viewer sees, with the catalog prefix of their labels (`qualifier.more_than`, ...).
LABELLED: dict[type[StrEnum], str] = {
    Qualifier: "qualifier",
    Status: "status",
    Grade: "grade",
    SourceKind: "source_kind",
    Reliability: "reliability",
    EventKind: "event_kind",
    ConflictKind: "conflict_kind",
    ObservationKind: "kind",
    ZhOrigin: "zh_origin",
    TargetStatus: "target_status",
    TargetReason: "target_reason",
}

QUALIFIERS = tuple(Qualifier)
LOWER_BOUNDS = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
UPPER_BOUNDS = (Qualifier.LESS_THAN, Qualifier.AT_MOST)  # "nearly" is drawn as an upper bound too (charts/series.py)
NEARLY = Qualifier.NEARLY
INDICATIVE = Qualifier.INDICATIVE
OBSERVATION_KINDS = tuple(ObservationKind)
STATUSES = tuple(Status)
PRECISIONS = tuple(Precision)
RELIABILITY = tuple(Reliability)
GRADES = tuple(Grade)
SOURCE_KINDS = tuple(SourceKind)
LANGUAGES = tuple(Language)
AREA_KINDS = tuple(AreaKind)
PLACE_ROLES = tuple(PlaceRole)
ENTITY_KINDS = tuple(EntityKind)
EVENT_KINDS = tuple(EventKind)
CONFLICT_KINDS = tuple(ConflictKind)
CONFLICT_MEMBER_TABLES = tuple(MemberTable)
UNIT_KINDS = tuple(UnitKind)
ZH_ORIGINS = tuple(ZhOrigin)
MEMBER_ASSESSMENTS = tuple(MemberAssessment)
TARGET_STATUSES = tuple(TargetStatus)
TARGET_REASONS = tuple(TargetReason)

# Column and table declarations -------------------------------------------------------------------

# Logical type -> Arrow type. "date" columns are ISO dates (YYYY-MM-DD) in the CSV.
ARROW_TYPES = {
    "string": pa.string(),
    "float64": pa.float64(),
    "int64": pa.int64(),
    "date": pa.date32(),
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    references: str | None = None  # "table.column" this column must resolve to
    origin: str | None = None  # a view's column: the column of the view it is read from

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns whose values identify a row

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def arrow_schema(self) -> pa.Schema:
        fields = [
            pa.field(c.name, c.arrow_type, nullable=c.nullable, metadata={"description": c.description})
            for c in self.columns
        ]
        return pa.schema(fields, metadata={"table": self.name, "description": self.description})

    @property
    def csv_file(self) -> str:
        return f"{self.name}.csv"

    @property
    def parquet_file(self) -> str:
        return f"{self.name}.parquet"


def _c(name, type_, description, **kw) -> Column:
    return Column(name, type_, description, **kw)


def _chinese_text(column: str, what: str) -> tuple[Column, ...]:
    """The Chinese text of an English quotation column, where it comes from, and its Chinese source."""
    return (
        _c(
            f"{column}_zh",
            "string",
            f"The {what} in Chinese: a Chinese source's own words for it, verbatim (zh_origin original), or our "
            "translation (zh_origin translation), which the dashboard marks as ours.",
        ),
        _c(
            "zh_origin",
            "string",
            "original (quoted from the Chinese source zh_source_id) or translation (ours).",
            choices=ZH_ORIGINS,
        ),
        _c(
            "zh_source_id",
            "string",
            f"The Chinese-language source that {column}_zh quotes; empty for our translation.",
            nullable=True,
            references="sources.source_id",
        ),
    )


TABLES: dict[str, Table] = {}


def _table(name, description, key, *columns) -> Table:
    table = Table(name, description, tuple(columns), tuple(key.split(",")))
    TABLES[name] = table
    return table


_table(
    "release",
    "Name, version, date and licence of this compiled dataset (one row).",
    "version",
    _c("version", "string", "Dataset version, semantic (MAJOR.MINOR.PATCH); see datasets/CHANGELOG.md."),
    _c("released", "date", "Date this version was compiled."),
    _c("title", "string", "Title of the compiled dataset."),
    _c("licence", "string", "Licence of the compilation (our curation, texts and derived figures)."),
    _c("licence_url", "string", "Link to the licence text."),
    _c("note", "string", "What the licence does not cover (quoted evidence stays its publishers').", nullable=True),
    _c("note_zh", "string", "The note in Chinese.", nullable=True),
)

_table(
    "releases",
    "Every version of this compiled dataset, with its date (the changelog's headings, datasets/CHANGELOG.md).",
    "version",
    _c("version", "string", "Dataset version, semantic (MAJOR.MINOR.PATCH)."),
    _c("released", "date", "Date the version was compiled (the current one's is release.released)."),
)

_table(
    "sources",
    "Every document a figure, event, place or name was taken from.",
    "source_id",
    _c("source_id", "string", "Stable identifier."),
    _c("title", "string", "Title as the source gives it (or a short English description when it has none)."),
    _c("title_zh", "string", "Chinese title, or our Chinese description."),
    _c(
        "publisher",
        "string",
        "Who said it, first, then the host that carried it ('Xinhua, via fjsen.com'); never an IP address. "
        "The grade is the host's.",
    ),
    _c("publisher_zh", "string", "The same in Chinese ('新华社，经fjsen.com转载')."),
    _c("published", "date", "Publication date (first day of the month or year when only that is known)."),
    _c("published_precision", "string", "How precise `published` is.", choices=PRECISIONS),
    _c("published_note", "string", "How the date was established when the page shows no dateline.", nullable=True),
    _c("url", "string", "Address of the page; empty for the seed documents, which have none.", nullable=True),
    _c("language", "string", "Language of the text the evidence was quoted from.", choices=LANGUAGES),
    _c("kind", "string", "What sort of document it is.", choices=SOURCE_KINDS),
    _c("reliability", "string", "What sort of publisher it is.", choices=RELIABILITY),
    _c("grade", "string", "How far to trust it: high, medium or low (see datasets/README.md).", choices=GRADES),
    _c("note", "string", "Caveats: known errors, what it republishes, what it was used for.", nullable=True),
    _c("note_zh", "string", "The note in Chinese.", nullable=True),
)

_table(
    "priority_areas",
    "The eight 2026 priorities of the National Data Work Meeting, the six specialized actions under the "
    "AI-datasets priority, and data security as a cross-cutting theme.",
    "area_id",
    _c("area_id", "string", "Stable identifier."),
    _c("rank", "int64", "Order within its parent (the meeting's order for the priorities)."),
    _c(
        "parent_id",
        "string",
        "The priority a specialized action belongs to.",
        nullable=True,
        references="priority_areas.area_id",
    ),
    _c("kind", "string", "priority, action (one of the six) or cross_cutting.", choices=AREA_KINDS),
    _c("name_en", "string", "Short name in English (our wording)."),
    _c("name_zh", "string", "Short name in Chinese (our wording)."),
    _c("summary_en", "string", "What it is about, two to four sentences in our own words."),
    _c("summary_zh", "string", "The summary in Chinese."),
)

_table(
    "area_wordings",
    "How each source words a priority or action: verbatim, in its own order.",
    "wording_id",
    _c("wording_id", "string", "Stable identifier."),
    _c("area_id", "string", "The priority or action worded.", references="priority_areas.area_id"),
    _c("source_id", "string", "The source that words it so.", references="sources.source_id"),
    _c("position", "int64", "Its position in that source's list."),
    _c("wording", "string", "The source's words, verbatim (at most 25 words)."),
    *_chinese_text("wording", "wording"),
)

_table(
    "units",
    "Units of measure, with their labels in both languages.",
    "unit_id",
    _c("unit_id", "string", "Stable identifier, used by metrics and observations."),
    _c("label_en", "string", "Label after a number in English (e.g. 'PB', 'datasets')."),
    _c("label_zh", "string", "Label after a number in Chinese (e.g. 'PB', '个', '亿元')."),
    _c(
        "zh_scale",
        "float64",
        "Factor from a value in this unit to the Chinese label's unit (10 for billion yuan shown in 亿元).",
    ),
    _c("axis_en", "string", "Axis title in English."),
    _c("axis_zh", "string", "Axis title in Chinese."),
    _c("kind", "string", "What sort of quantity it measures.", choices=UNIT_KINDS),
)

_table(
    "metrics",
    "What is measured: one row per quantity, with its single unit.",
    "metric_id",
    _c("metric_id", "string", "Stable identifier."),
    _c("name_en", "string", "Name in English."),
    _c("name_zh", "string", "Name in Chinese."),
    _c("unit", "string", "The one unit every observation of this metric uses.", references="units.unit_id"),
    _c(
        "area_id",
        "string",
        "The priority or action the metric belongs to; empty if it spans them all.",
        nullable=True,
        references="priority_areas.area_id",
    ),
    _c("definition_en", "string", "What exactly is counted, and by whom, in our words."),
    _c("definition_zh", "string", "The definition in Chinese."),
    _c(
        "headline_rank",
        "int64",
        "Position among the overview's headline cards; empty if not a headline.",
        nullable=True,
    ),
)

_table(
    "observations",
    "One row per reported figure (or per figure derived from reported ones).",
    "obs_id",
    _c("obs_id", "string", "Stable identifier."),
    _c("metric_id", "string", "What the figure measures.", references="metrics.metric_id"),
    _c("value", "float64", "The number as the source states it, in `unit`; a bound stays a bound (see qualifier)."),
    _c("unit", "string", "Unit of `value`; always the metric's unit.", references="units.unit_id"),
    _c(
        "qualifier",
        "string",
        "How the source qualifies the number: exact, more_than (a lower bound), at_least, about, nearly (just "
        "under the value, 近), less_than (an upper bound), at_most; indicative for a derived figure that is no "
        "bound (a ratio of two lower bounds).",
        choices=QUALIFIERS,
    ),
    _c("as_of", "date", "The date the figure describes: the end of its period."),
    _c(
        "as_of_precision",
        "string",
        "How precise `as_of` is (a year figure has as_of = 31 December).",
        choices=PRECISIONS,
    ),
    _c("period_start", "date", "Start of the period for growth over a period; empty otherwise.", nullable=True),
    _c("published", "date", "When the source published the figure."),
    _c("source_id", "string", "Where the figure comes from.", references="sources.source_id"),
    _c(
        "evidence",
        "string",
        "The source's own words stating the figure, verbatim, at most 25 words; empty only for derived figures.",
        nullable=True,
    ),
    _c(
        "kind",
        "string",
        "reported (a source states it) or derived (we computed it; see formula).",
        choices=OBSERVATION_KINDS,
    ),
    _c(
        "formula",
        "string",
        "For derived figures: the arithmetic over observation ids that gives the value.",
        nullable=True,
    ),
    _c("status", "string", "actual (a measured state), target (a goal), forecast or estimate.", choices=STATUSES),
    _c("note", "string", "Caveats in English.", nullable=True),
    _c("note_zh", "string", "Caveats in Chinese.", nullable=True),
    _c(
        "place_id",
        "string",
        "The province or city the figure is about; empty for a national figure.",
        nullable=True,
        references="places.place_id",
    ),
    _c(
        "added_in",
        "string",
        "The dataset version that first held the figure (releases.version); empty in the curated file for a "
        "figure not yet released, which `curation build` gives the version it builds.",
        nullable=True,
        references="releases.version",
    ),
)

_table(
    "places",
    "Places named by the sources, with real coordinates.",
    "place_id",
    _c("place_id", "string", "Stable identifier."),
    _c("name_en", "string", "Name in English (a city, a province, a computing hub or an exchange's city)."),
    _c("name_zh", "string", "Name in Chinese."),
    _c("province_en", "string", "Province in English."),
    _c("province_zh", "string", "Province in Chinese."),
    _c("lat", "float64", "Latitude of the city centre (the capital for a province), degrees north (WGS 84)."),
    _c("lon", "float64", "Longitude of the city centre, degrees east (WGS 84)."),
    _c("role", "string", "Why the place is in the data.", choices=PLACE_ROLES),
    _c("source_id", "string", "The source that names it in that role.", references="sources.source_id"),
    _c("evidence", "string", "The source's words naming it, verbatim."),
)

_table(
    "events",
    "Dated events: meetings, publications, launches, policies.",
    "event_id",
    _c("event_id", "string", "Stable identifier."),
    _c("start", "date", "First day."),
    _c("end", "date", "Last day (equal to start for a one-day event)."),
    _c("date_precision", "string", "How precise the dates are.", choices=PRECISIONS),
    _c("kind", "string", "What sort of event.", choices=EVENT_KINDS),
    _c("title_en", "string", "What happened, in English (our words)."),
    _c("title_zh", "string", "What happened, in Chinese."),
    _c(
        "area_id",
        "string",
        "The priority it concerns most; empty if it concerns them all.",
        nullable=True,
        references="priority_areas.area_id",
    ),
    _c("place_id", "string", "Where it happened, if known.", nullable=True, references="places.place_id"),
    _c("source_id", "string", "The source that dates it.", references="sources.source_id"),
    _c("evidence", "string", "The source's words stating it, verbatim, where the source states it.", nullable=True),
)

_table(
    "entities",
    "Institutions, people, frameworks and initiatives the sources name.",
    "entity_id",
    _c("entity_id", "string", "Stable identifier."),
    _c("kind", "string", "What sort of entity.", choices=ENTITY_KINDS),
    _c("name_en", "string", "Standard English name."),
    _c("name_zh", "string", "Chinese name."),
    _c(
        "area_id",
        "string",
        "The priority it relates to most, if one.",
        nullable=True,
        references="priority_areas.area_id",
    ),
    _c("description_en", "string", "What it is, in our words."),
    _c("description_zh", "string", "The description in Chinese."),
)

_table(
    "mentions",
    "How a source writes an entity's name: kept as written, even when it is wrong.",
    "mention_id",
    _c("mention_id", "string", "Stable identifier."),
    _c("entity_id", "string", "The entity meant.", references="entities.entity_id"),
    _c("source_id", "string", "The source.", references="sources.source_id"),
    _c("text", "string", "The name exactly as the source writes it."),
    _c("evidence", "string", "The source's words around it, verbatim."),
    _c("standard", "bool", "Whether this is the standard form of the name."),
)

_table(
    "conflicts",
    "Where sources disagree, or where a figure must not be compared with another.",
    "conflict_id",
    _c("conflict_id", "string", "Stable identifier."),
    _c("kind", "string", "value, scope, definition, name, date, wording or method.", choices=CONFLICT_KINDS),
    _c("topic_en", "string", "What the disagreement is about, in English."),
    _c("topic_zh", "string", "The topic in Chinese."),
    _c("explanation_en", "string", "What each side says and how to read it, in English (our words)."),
    _c("explanation_zh", "string", "The explanation in Chinese."),
)

_table(
    "conflict_members",
    "The rows on each side of a conflict.",
    "conflict_id,member_id",
    _c("conflict_id", "string", "The conflict.", references="conflicts.conflict_id"),
    _c("member_table", "string", "The table the member row is in.", choices=CONFLICT_MEMBER_TABLES),
    _c("member_id", "string", "The id of the member row in that table."),
    _c(
        "assessment",
        "string",
        "kept (one side of the disagreement) or probable_error (the conflict's explanation judges it a probable "
        "slip of its source: it stays in the data and is shown with its conflict, but never headlines a card, "
        "a chart title or a sentence).",
        choices=MEMBER_ASSESSMENTS,
    ),
)

_table(
    "compliance_notes",
    "What the compliance briefing tells foreign companies, per priority area.",
    "note_id",
    _c("note_id", "string", "Stable identifier."),
    _c("area_id", "string", "The priority it concerns.", references="priority_areas.area_id"),
    _c("source_id", "string", "The briefing.", references="sources.source_id"),
    _c("evidence", "string", "The briefing's quotation of the meeting, verbatim (at most 25 words)."),
    _c("summary_en", "string", "What it means for a company, in our words."),
    _c("summary_zh", "string", "The summary in Chinese."),
    *_chinese_text("evidence", "quotation"),
)

_table(
    "targets",
    "Every policy target (an observation with status target, which holds its value, qualifier, deadline, "
    "source and evidence): the series whose actual reports measure it, or why there is none, the document "
    "that sets it and the clause that states it.",
    "obs_id",
    _c(
        "obs_id",
        "string",
        "The target: an observation with status target (its value, qualifier, deadline `as_of`, source and evidence).",
        references="observations.obs_id",
    ),
    _c(
        "series_metric_id",
        "string",
        "The metric whose actual reports measure the target: the target's own metric (a metric is one scope, "
        "counted one way); empty when no actual series has the target's scope (series_note_en says why).",
        nullable=True,
        references="metrics.metric_id",
    ),
    _c(
        "series_place_id",
        "string",
        "The place of that series, the target's own place; empty for a national series or when there is none.",
        nullable=True,
        references="places.place_id",
    ),
    _c(
        "series_note_en",
        "string",
        "Why no actual series has the target's scope (required when series_metric_id is empty), or how the "
        "series measures it, in our words.",
        nullable=True,
    ),
    _c("series_note_zh", "string", "The note in Chinese.", nullable=True),
    _c("document_en", "string", "The document that sets the target and who issued it, as its source names them."),
    _c("document_zh", "string", "The document in Chinese."),
    _c(
        "clause",
        "string",
        "The source's words stating the target, verbatim and in the source's language (at most 80 words): they "
        "contain the evidence phrase, and datasets/raw/excerpts.csv keeps the text they stand in.",
    ),
)

TABLE_ORDER = tuple(TABLES)  # build and check order: referenced tables before referencing ones


class SeriesCheck(StrEnum):
    """The series sanity checks of `curation check` (dashboard/curation/series.py)."""

    STOCK_FALLS = "stock_falls"
    SAME_VALUE_LATER_DATE = "same_value_later_date"
    JUMP = "jump"
    STATUS_WORDS = "status_words"


SERIES_CHECKS = tuple(SeriesCheck)

# Curation-only tables: checked by `curation check`, never built or served.
SERIES_REVIEWS = Table(
    "series_reviews",
    "Findings of the series sanity checks that a curator reviewed and kept, each with the reason "
    "(curation only: checked, never built or served).",
    (
        _c("check", "string", "The sanity check that found it.", choices=SERIES_CHECKS),
        _c(
            "obs_ids",
            "string",
            "The observations of the finding, sorted and separated by ';' (as the check prints them).",
        ),
        _c("reason", "string", "Why the finding is right as it stands, in our words."),
    ),
    ("check", "obs_ids"),
)
CURATION_TABLES: dict[str, Table] = {"series_reviews": SERIES_REVIEWS}


# The observation view --------------------------------------------------------------------------------
# The one shape every card, chart and export reads (`views.observation_view`): each observation with its
# metric, unit, source and conflicts. Declared like the tables, so that a test can hold the built view to
# it and the exports can take their column descriptions from here.

ARROW_TYPES["list"] = pa.list_(pa.string())  # a tuple of ids


def _from(
    table: str, column: str, name: str | None = None, description: str | None = None, nullable: bool | None = None
) -> Column:
    """A view column taken from a table's column (its type and description, unless given)."""
    origin = TABLES[table].column(column)
    return Column(
        name or column,
        origin.type,
        description or origin.description,
        origin.nullable if nullable is None else nullable,
        origin.choices,
    )


OBSERVATION_VIEW = Table(
    "observation_view",
    "Every observation with its metric, unit, source and conflicts; a derived figure is credited to this project.",
    (
        *(_from("observations", c.name) for c in TABLES["observations"].columns),
        *(
            _from("metrics", c)
            for c in ("name_en", "name_zh", "area_id", "definition_en", "definition_zh", "headline_rank")
        ),
        *(_from("units", c) for c in ("label_en", "label_zh", "zh_scale", "axis_en", "axis_zh")),
        _from("units", "kind", "unit_kind"),
        _from("sources", "title", "source_title"),
        _from("sources", "title_zh", "source_title_zh"),
        _from("sources", "publisher", description="Who published the source; this project, for a derived figure."),
        _from("sources", "publisher_zh", description="The publisher in Chinese."),
        _from("sources", "url"),
        _from("sources", "reliability"),
        _from(
            "sources",
            "grade",
            description="Reliability grade of the source: high, medium or low; for a derived "
            "figure, the lowest grade of its inputs.",
        ),
        _from("sources", "published_precision"),
        _from("sources", "kind", "source_kind"),
        _from("sources", "language", "source_language"),
        Column(
            "conflict_ids",
            "list",
            "The recorded disagreements (conflict ids) this figure is part of; in a downloaded file, separated by ';'.",
        ),
        Column(
            "probable_error",
            "bool",
            "Whether a recorded conflict judges this figure a probable slip of its source (conflict_members "
            "assessment probable_error): it is shown with its conflict but never headlines a card, title or sentence.",
        ),
        Column("grade_rank", "int64", "The grade as a number for sorting: 0 high, 1 medium, 2 low."),
        Column("place_en", "string", "The province or city the figure is about, in English; empty for the country."),
        Column("place_zh", "string", "The province or city in Chinese; empty for the country."),
        _from("places", "role", "place_role", "What sort of place it is (places.role); empty for the country.", True),
        _from(
            "places",
            "province_en",
            description="The place's province in English; empty for the country.",
            nullable=True,
        ),
        _from(
            "places",
            "province_zh",
            description="The place's province in Chinese; empty for the country.",
            nullable=True,
        ),
        _from(
            "places", "lat", "place_lat", "Latitude of the place, degrees north (WGS 84); empty for the country.", True
        ),
        _from(
            "places", "lon", "place_lon", "Longitude of the place, degrees east (WGS 84); empty for the country.", True
        ),
        Column(
            "priority_id",
            "string",
            "The priority of the metric's area: area_id itself for a priority or the cross-cutting theme, the "
            "parent priority for one of the six specialized actions; empty if the metric spans them all.",
            nullable=True,
        ),
    ),
    ("obs_id",),
)


# The observation download ----------------------------------------------------------------------------
# The one shape of every observation file (CSV, Parquet, JSON, Excel, the zip and the data package): a
# declared view of the observation view. Its types are the files' types: a date column is a date in
# Parquet and Excel and ISO text (YYYY-MM-DD) in CSV and JSON; a missing value is null (an empty cell in CSV
# and Excel), never empty text; `value` is always a float. New columns are added at the end, so that a
# script that reads the columns by position keeps working.


def _download(
    name: str,
    view_column: str | None = None,
    *,
    type_: str | None = None,
    description: str | None = None,
    nullable: bool | None = None,
    references: str | None = None,
) -> Column:
    origin = OBSERVATION_VIEW.column(view_column or name)
    return Column(
        name,
        type_ or origin.type,
        description or origin.description,
        origin.nullable if nullable is None else nullable,
        origin.choices,
        references,
        origin.name,
    )


OBSERVATION_DOWNLOAD = Table(
    "observations",
    "One row per reported (or derived) figure, with its metric, source, evidence, area and place.",
    (
        _download("obs_id"),
        _download("metric_id", references="metrics.metric_id"),
        _download("metric_en", "name_en", nullable=True),
        _download("metric_zh", "name_zh", nullable=True),
        _download("value"),
        _download(
            "unit", "label_en", description="Unit of `value`, as written after a number in English.", nullable=True
        ),
        _download("qualifier"),
        _download("as_of"),
        _download("as_of_precision"),
        _download("period_start"),
        _download("status"),
        _download("published"),
        _download(
            "source_id",
            description="Where the figure comes from (sources.source_id); `derived` for a figure we computed.",
        ),
        _download("source_title", nullable=True),
        _download("publisher", nullable=True),
        _download("source_url", "url", nullable=True),
        _download("source_grade", "grade", nullable=True),
        _download("evidence"),
        _download("kind"),
        _download("formula"),
        _download(
            "conflicts",
            "conflict_ids",
            type_="string",
            description="The recorded disagreements (conflict ids) this figure is part of, separated by ';'; "
            "empty if none.",
            nullable=True,
        ),
        _download("note"),
        _download("note_zh"),
        _download(
            "area_id",
            description="The priority or specialized action the metric belongs to (metrics.area_id); empty if "
            "it spans them all.",
            nullable=True,
            references="priority_areas.area_id",
        ),
        _download("priority_id", references="priority_areas.area_id"),
        _download(
            "place_id",
            description="The province or city the figure is about (places.place_id); empty for a figure about "
            "the whole country.",
            references="places.place_id",
        ),
        _download("place_en", nullable=True),
        _download("place_zh", nullable=True),
        _download("place_role"),
        _download("province_en"),
        _download("province_zh"),
        _download("place_lat"),
        _download("place_lon"),
        _download(
            "added_in",
            description="The dataset version that first held the figure (see datasets/CHANGELOG.md): keep the rows "
            "with added_in at or before a version to have what that version held.",
            nullable=False,
        ),
    ),
    ("obs_id",),
)


# The target download ---------------------------------------------------------------------------------------
# One row per policy target with where it stands (dashboard/targets.py): the one shape of /data/targets.* and
# of the /targets page's table. Rates are fractions (0.24 = 24 % a year); a figure that is a bound gives a rate
# that is a bound, so each rate is a low and a high end.


def _t(name: str, type_: str, description: str, nullable: bool = True, **kw) -> Column:
    return Column(name, type_, description, nullable, **kw)


TARGET_DOWNLOAD = Table(
    "targets",
    "One row per policy target: its value, qualifier and deadline, the document and clause that set it, the "
    "series that measures it and where it stands on the dataset's release date (progress, growth a year "
    "needed and achieved, status).",
    (
        _t("target_id", "string", "The target's observation (observations.obs_id).", False),
        _t("metric_id", "string", "The indicator the target is set for.", False, references="metrics.metric_id"),
        _t("metric_en", "string", "The indicator's name in English."),
        _t("metric_zh", "string", "The indicator's name in Chinese."),
        _t(
            "area_id",
            "string",
            "The priority or specialized action of the indicator.",
            references="priority_areas.area_id",
        ),
        _t(
            "priority_id",
            "string",
            "The priority of the indicator's area (the parent of an action).",
            references="priority_areas.area_id",
        ),
        _t(
            "place_id",
            "string",
            "The province, city or hub the target is about; empty for a national target.",
            references="places.place_id",
        ),
        _t("place_en", "string", "The place in English; empty for the country."),
        _t("place_zh", "string", "The place in Chinese; empty for the country."),
        _t("value", "float64", "The target value as the source states it, in `unit`.", False),
        _t("unit", "string", "The unit of `value` and of the reports, as written after a number in English."),
        _t("unit_zh", "string", "The unit in Chinese."),
        _t(
            "qualifier",
            "string",
            "How the target is qualified: more_than is reached above the value, at_least, exact and about at the value, less_than and at_most are ceilings.",
            False,
            choices=QUALIFIERS,
        ),
        _t("deadline", "date", "The date the target is due (the end of its period).", False),
        _t("deadline_precision", "string", "How precise the deadline is.", False, choices=PRECISIONS),
        _t("source_id", "string", "The source stating the target.", False, references="sources.source_id"),
        _t("publisher", "string", "Who published it (and the host that carried it)."),
        _t("publisher_zh", "string", "The publisher in Chinese."),
        _t("published", "date", "When the source was published."),
        _t("source_url", "string", "The source's address."),
        _t("source_grade", "string", "How far to trust the source: high, medium or low.", choices=GRADES),
        _t("evidence", "string", "The source's words stating the target, verbatim (at most 25 words)."),
        _t("clause", "string", "The clause that states the target, verbatim in the source's language.", False),
        _t("document_en", "string", "The document that sets the target and who issued it.", False),
        _t("document_zh", "string", "The document in Chinese.", False),
        _t(
            "series_metric_id",
            "string",
            "The indicator whose actual reports measure the target; empty when none has its scope.",
            references="metrics.metric_id",
        ),
        _t(
            "series_place_id",
            "string",
            "The place of that series; empty for a national series.",
            references="places.place_id",
        ),
        _t("series_note_en", "string", "Why no series measures the target, or how the series does."),
        _t("series_note_zh", "string", "The note in Chinese."),
        _t(
            "status",
            "string",
            "met, on_track, behind, missed or not_measurable (the rules are in Sources and methods).",
            False,
            choices=TARGET_STATUSES,
        ),
        _t(
            "reason",
            "string",
            "Why the status is what it is, when the figures alone do not say it.",
            choices=TARGET_REASONS,
        ),
        _t("judged_on", "date", "The date the status is judged on: the dataset's release date.", False),
        _t("deadline_passed", "bool", "Whether the deadline is before `judged_on`.", False),
        _t("latest_obs_id", "string", "The latest actual report of the series (observations.obs_id)."),
        _t("latest_value", "float64", "Its value, in `unit`."),
        _t("latest_qualifier", "string", "Its qualifier.", choices=QUALIFIERS),
        _t("latest_as_of", "date", "The date it describes."),
        _t("latest_as_of_precision", "string", "How precise that date is.", choices=PRECISIONS),
        _t("latest_publisher", "string", "Who reported it."),
        _t("latest_publisher_zh", "string", "Who reported it, in Chinese."),
        _t("latest_grade", "string", "How far to trust its source.", choices=GRADES),
        _t("earlier_obs_id", "string", "The earlier report the growth achieved is measured from."),
        _t("earlier_value", "float64", "Its value, in `unit`."),
        _t("earlier_qualifier", "string", "Its qualifier.", choices=QUALIFIERS),
        _t("earlier_as_of", "date", "The date it describes."),
        _t("earlier_as_of_precision", "string", "How precise that date is.", choices=PRECISIONS),
        _t(
            "decisive_obs_id",
            "string",
            "The report that meets the target (met) or falls short at the deadline (missed).",
        ),
        _t("years_left", "float64", "Years from the latest report to the deadline."),
        _t("progress_low", "float64", "The latest report as a share of the target (1.0 = 100 %), low end."),
        _t("progress_high", "float64", "The same, high end; empty where a lower bound sets no upper limit."),
        _t(
            "needed_low",
            "float64",
            "Growth a year, compounded, needed from the latest report to reach the target by the deadline (0.24 = 24 %), low end; -1 where the figures set no lower limit.",
        ),
        _t("needed_high", "float64", "The same, high end; empty where the figures set no upper limit."),
        _t(
            "achieved_low",
            "float64",
            "Growth a year, compounded, from the earlier report to the latest, low end; -1 where the figures set no lower limit.",
        ),
        _t("achieved_high", "float64", "The same, high end; empty where the figures set no upper limit."),
    ),
    ("target_id",),
)
