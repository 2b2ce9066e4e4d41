"""Priority page: digital_china."""

from dashboard import area_page

area_page.render("digital_china")
