"""briefing: research briefings in which every claim cites an excerpt proven to be in its source."""

__version__ = "0.1.0"
