"""Priority page: data_system."""

from dashboard import area_page

area_page.render("data_system")
