"""Priority page: data_element_x."""

from dashboard.ui import area_page

area_page.render("data_element_x")
