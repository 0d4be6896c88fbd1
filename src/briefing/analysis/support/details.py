"""Support judges: see FORMAT.md, "Support checks"."""

from __future__ import annotations

from briefing.analysis.support.judges import Judge

JUDGES: list[Judge] = []
