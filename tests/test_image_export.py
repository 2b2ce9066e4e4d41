"""Server-side PNG export of a page's charts, in the system's Chromium."""

import io
import struct
import zipfile

from dashboard import charts, views
from dashboard.data import read_table
from dashboard.takeaway import image_export
from tests.helpers import requires_chromium_export


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_all_charts_of_a_page_as_pngs_in_a_zip(view):
    requires_chromium_export()
    built = [
        charts.series_chart(
            views.metric_rows(view, "hqds_count"), "zh", "light", key="hqds", conflicts=read_table("conflicts")
        ),
        charts.share_chart(
            views.latest_reports(view, "process_control_rate")["latest"],
            "en",
            "dark",
            key="pcr",
            title="t",
            context="c",
        ),
    ]
    data = image_export.charts_zip(built, "zh")
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        assert bundle.namelist() == ["cdmm-hqds-zh.png", "cdmm-pcr-zh.png"]
        width, height = png_size(bundle.read("cdmm-hqds-zh.png"))
    assert width == 2 * image_export.EXPORT_WIDTH
    assert height == 2 * built[0].figure.layout.height
