"""Reading the project's files with their places (YAML, front matter, limits, links
refused), the records' model, and validation."""
