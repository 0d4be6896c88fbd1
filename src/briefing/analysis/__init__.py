"""What the records say together, computed once from the resolved index: chains of
reporting, origins and what rests on each, judgments, editions and what changed, and the
warnings they give."""
