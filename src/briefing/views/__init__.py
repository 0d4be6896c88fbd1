"""What the records look like to a reader: the site, the PDF and the exports, beside the
modules they share (shared: a note's words and the addresses; prose_tree; network;
languages; formats). Views never import each other."""
