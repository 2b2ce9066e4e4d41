"""What each priority page shows, as data: its chart blocks in order. Metrics of the area that no block
names are shown as figure cards under "Other figures", so no reported figure is left off its page."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of a page draws."""

    SERIES = "series"
    COMPARE = "compare"
    CONFLICT = "conflict"
    SHARE = "share"
    MAP = "map"
    PLACES = "places"
    CARDS = "cards"
    ACTIONS = "actions"
    HEADING = "heading"
    TIMELINE = "timeline"
    FIGURES_PER_AREA = "figures_per_area"
    SOURCE_GRADES = "source_grades"
    TARGETS = "targets"  # every target's progress (the /targets page's chart)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    metrics: tuple[str, ...] = ()
    title_key: str | None = None
    conflict_id: str | None = None
    context_key: str | None = None
    part: int | None = None  # a timeline cut over several slides: its 1-based part (None: the whole chart)


def series(*metrics: str, title: str | None = None) -> Block:
    """A series chart; its scale follows from its figures (charts.log_scale), the same on every page."""
    return Block(BlockKind.SERIES, metrics, title)


def cards(*metrics: str, heading: str | None = None) -> Block:
    return Block(BlockKind.CARDS, metrics, heading)


def conflict(conflict_id: str, *metrics: str) -> Block:
    return Block(BlockKind.CONFLICT, metrics, conflict_id=conflict_id)


# Maps: id -> (place roles, title key, note key, the metric whose latest figure they quote as {figure}, or
# None). The texts get {n}, the number of places drawn, from the data. A "map" block names one in `context_key`.
MAPS: dict[str, tuple[tuple[str, ...], str, str, str | None]] = {
    "annotation": (("annotation_pilot_city",), "title.cities_map", "chart.map.cases_note", "annotation_cases"),
    "hubs": (("computing_hub", "data_flow_node"), "title.hubs_map", "chart.map.hubs_note", None),
    "exchanges": (("data_exchange", "pilot_zone"), "title.exchanges_map", "chart.map.hubs_note", None),
}


def place_map(map_id: str) -> Block:
    return Block(BlockKind.MAP, context_key=map_id)


AREA_BLOCKS: dict[str, tuple[Block, ...]] = {
    "digital_china": (
        cards("data_production_zb", "data_storage_zb", "core_de_gdp_share", "digital_china_index"),
        series("data_production_zb"),
        series("core_de_gdp_share"),
        series("digital_china_index"),
        series("data_storage_zb"),
    ),
    "data_market": (
        cards("data_trading_value", "data_products_listed", "data_exchanges_count", "data_element_pilot_zones"),
        series("data_trading_value"),
        conflict("data_trading_forecasts"),
        place_map("exchanges"),
    ),
    "industry_clusters": (
        Block(BlockKind.SHARE, ("process_control_rate",), "title.process_control", context_key="chart.process.context"),
        cards("data_industry_scale", "data_enterprises"),
        conflict("data_industry_scope"),
        conflict("data_enterprises_scope"),
    ),
    "data_element_x": (
        cards("dex_sectors", "dex_scenarios_target", "dex_contest_teams", "open_datasets"),
        series("dex_contest_teams"),
        conflict("open_data_platforms", "open_data_platforms"),
    ),
    "data_infrastructure": (
        cards("compute_total_eflops", "data_infra_city_nodes", "trusted_data_spaces_target", "data_infra_investment"),
        series("compute_total_eflops"),
        conflict("city_nodes"),
        place_map("hubs"),
    ),
    "data_system": (
        cards("data_policy_docs", "data_assets_listed_cos", "data_assets_listed_value", "data_assets_unlisted_cos"),
        series("data_assets_listed_cos"),
        series("data_assets_listed_value"),
    ),
    "ai_datasets": (
        cards("hqds_count", "hqds_volume_pb", "hqds_leading_units", "annotation_pilot_cities"),
        series("hqds_count", title="title.hqds_count"),
        series("hqds_volume_pb", title="title.hqds_volume"),
        series("hqds_nlc_multiple", title="title.nlc"),
        cards("nlc_digital_resources_pb", "hqds_avg_size_tb", "hqds_count_growth", "hqds_partner_departments"),
        Block(
            BlockKind.COMPARE,
            ("hqds_leading_units", "hqds_pilot_units", "hqds_exemplary_cases", "hqds_partner_departments"),
            "title.units",
        ),
        Block(BlockKind.ACTIONS),
        Block(BlockKind.HEADING, title_key="area.heading.tokens"),
        series("token_daily", title="title.tokens"),
        conflict("token_growth"),
        cards("token_daily_growth_q", "token_annual_total", "chinese_data_share_training"),
        Block(BlockKind.HEADING, title_key="area.heading.annotation"),
        place_map("annotation"),
        cards(
            "annotation_cases",
            "annotation_bases_volume",
            "annotation_bases_hqds",
            "annotation_bases_workers",
            "annotation_bases_firms",
            "annotation_bases_output",
            "annotation_industry_cagr_target",
        ),
        Block(BlockKind.HEADING, title_key="area.heading.value"),
        cards(
            "hqds_listed_count",
            "hqds_listed_volume_pb",
            "hqds_trade_value",
            "bjdex_hqds_share",
            "ai_hqds_products_growth",
            "ndsmsp_entities",
            "ndsmsp_datasets",
        ),
        Block(BlockKind.HEADING, title_key="area.heading.plan"),
        cards(
            "specialized_actions_count",
            "key_fields_2026",
            "hqds_plan_sectors",
            "hqds_plan_innovation_areas",
            "hqds_plan_actions",
        ),
    ),
    "international": (),
    "data_security": (),
}


CHART_KINDS = (
    BlockKind.SERIES,
    BlockKind.COMPARE,
    BlockKind.CONFLICT,
    BlockKind.SHARE,
    BlockKind.MAP,
    BlockKind.PLACES,
    BlockKind.TIMELINE,
)
MIN_EVENTS_FOR_CHART = 4  # fewer events read better as a list than as a chart


def extra_blocks(series_metrics: tuple[str, ...], place_metrics: tuple[str, ...]) -> tuple[Block, ...]:
    """Charts for the metrics that no declared block names: a series for each metric with enough dates, a
    ranked chart for each metric reported by place."""
    return (
        *(Block(BlockKind.SERIES, (m,)) for m in series_metrics),
        *(Block(BlockKind.PLACES, (m,)) for m in place_metrics),
    )


def named_metrics(area_id: str) -> set[str]:
    return {m for block in AREA_BLOCKS.get(area_id, ()) for m in block.metrics}
