"""China Data Market Monitor: the dashboard package."""
