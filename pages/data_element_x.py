"""Priority page: data_element_x."""

from dashboard import area_page

area_page.render("data_element_x")
