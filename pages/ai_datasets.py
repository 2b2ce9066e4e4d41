"""Priority page: ai_datasets."""

from dashboard.ui import area_page

area_page.render("ai_datasets")
