"""What the records look like to a reader: the site, the PDF and the exports, beside one shared module of what they all say. Views never import each other."""
