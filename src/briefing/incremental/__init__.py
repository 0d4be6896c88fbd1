"""What makes a second check and `serve` fast: the facts kept from the last check, and the live site."""
