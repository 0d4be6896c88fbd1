"""Project settings from `briefing.yml`, validated, with defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefing.records.load import LoadError, YamlMap, decode, parse_yaml_mapping, read_limited
from briefing.paths import inside_project
from briefing.problems import Origin, did_you_mean, shown_value
from briefing.project import SETTINGS_FILE

Level = Literal["off", "note", "warn", "error"]


class Warnings(BaseModel):
    """How loud each kind of warning is: `off` (not reported), `note` (counted in the summary,
    listed with `briefing check --list KIND`, never failing, not even under --strict), `warn`
    (shown; an error under --strict), `error` (always fails)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # A small honest project has many claims resting on one report: a count and a way to
    # list them helps; a warning on each, failing --strict, taught users to ignore warnings.
    single_origin: Level = "note"
    single_origin_mark: Level = "warn"
    uncited_source: Level = "warn"
    unlinked_actor: Level = "warn"
    # A source captured by hand has no hash until `briefing rehash`; one not graded yet is
    # the analyst's to grade: both stay visible until done.
    unhashed_source: Level = "warn"
    ungraded_source: Level = "warn"
    # Kept apart as ICD 203 asks: a report worded as an estimate, a low-graded source cited
    # with no assessment of the information, what a retraction leaves standing alone, and a
    # key judgment changed since the last edition with no reason given.
    estimative_language: Level = "warn"
    unassessed_credibility: Level = "warn"
    rests_on_retracted: Level = "warn"
    unexplained_revision: Level = "warn"

    @field_validator("*", mode="before")
    @classmethod
    def _yaml_switch(cls, value: object) -> object:
        """YAML 1.1 reads an unquoted `off` as false (and `on` as true): take them as meant."""
        if value is False:
            return "off"
        if value is True:
            return "warn"
        return value


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
    site_url: str | None = Field(
        None,
        pattern=r"^https?://[^\s]+$",
        description="Where the site is published (https://...): the PDF then links each "
        "note's quote to its place on the site.",
    )
    publish_full_text: bool = Field(
        False, description="Show each source's full text on its page (default: excerpts only)."
    )
    warnings: Warnings = Field(default_factory=Warnings)
    compare_with: str | None = Field(
        None,
        description="The edition (editions/NAME.yml) the site and PDF show changes since; "
        "default: the one recorded last.",
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
        raise _settings_error(data, error) from None


def _settings_error(data: YamlMap, error: ValidationError) -> LoadError:
    """The first problem of briefing.yml, at its key, with the keys allowed there."""
    first = error.errors()[0]
    loc = [str(step) for step in first["loc"]]
    key, allowed = (loc[0] if loc else ""), list(Settings.model_fields)
    origin = data.key_origins.get(key, Origin(SETTINGS_FILE))
    if key == "warnings" and len(loc) > 1 and isinstance(data.get("warnings"), YamlMap):
        inner: YamlMap = data["warnings"]
        origin = inner.value_origins.get(loc[1], inner.key_origins.get(loc[1], origin))
        if first["type"] == "extra_forbidden":
            origin = inner.key_origins.get(loc[1], origin)
        key, allowed = f"warnings.{loc[1]}", list(Warnings.model_fields)
        if first["type"] == "literal_error":
            return LoadError(
                origin,
                f"invalid setting '{key}': {shown_value(first['input'])}",
                "use off, note, warn or error",
            )
    if first["type"] == "extra_forbidden":
        hint = did_you_mean(key.rpartition(".")[2], allowed)
        return LoadError(
            origin, f"unknown setting '{key}'", hint or f"settings: {', '.join(allowed)}"
        )
    return LoadError(
        origin, f"invalid setting '{key}': {first['msg']}", f"settings: {', '.join(allowed)}"
    )
