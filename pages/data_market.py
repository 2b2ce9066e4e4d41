"""Priority page: data_market."""

from dashboard.ui import area_page

area_page.render("data_market")
