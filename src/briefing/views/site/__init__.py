"""The website: pages rendered as Markdown from templates, then built by MkDocs or Zensical."""
