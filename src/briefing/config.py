"""Project settings from `briefing.yml`, validated, with defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefing.load import LoadError, decode, parse_yaml_mapping, read_limited
from briefing.paths import inside_project
from briefing.problems import Origin

SETTINGS_FILE = "briefing.yml"
BOOK = "briefing"  # build/briefing.pdf: every brief in one book


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = "Briefing"
    subtitle: str | None = None
    author: str | None = None
    handling: str = Field(
        "For research use. Quotations belong to their publishers.",
        description="The handling line printed on the cover and in the site footer.",
    )
    paper: Literal["a4", "us-letter"] = "a4"
    publish_full_text: bool = Field(
        False, description="Show each source's full text on its page (default: excerpts only)."
    )


def load_settings(root: Path) -> Settings:
    """The project's settings; a LoadError at the place of any problem in briefing.yml, an
    UnsafePath if it is a link."""
    file = inside_project(root, root / SETTINGS_FILE)
    if not file.exists():
        return Settings()
    data = parse_yaml_mapping(
        decode(read_limited(file, SETTINGS_FILE), SETTINGS_FILE), SETTINGS_FILE
    )
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        origin = data.key_origins.get(key, Origin(SETTINGS_FILE))
        raise LoadError(
            origin,
            f"invalid setting '{key}': {first['msg']}",
            f"settings: {', '.join(Settings.model_fields)}",
        ) from None
