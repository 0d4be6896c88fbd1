"""What makes a second check and `serve` fast: the facts kept from the last check (the
cache, the check after an edit), and the live site."""
