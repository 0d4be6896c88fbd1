"""Fetching pages from the web: capture, and verify-live."""
