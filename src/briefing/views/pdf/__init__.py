"""The printed briefing: a data file per PDF, set by the Typst template."""
