"""Browsing: the sidebar's facets and saved views, and saved views themselves."""
