"""Priority page: digital_china."""

from dashboard.ui import area_page

area_page.render("digital_china")
