"""Project settings from `briefing.yml`, validated, with defaults."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
)
from pydantic_core import ErrorDetails

from briefing.paths import inside_project
from briefing.problems import Origin, did_you_mean, shown_value
from briefing.project import SETTINGS_FILE
from briefing.records.reading import LoadError, YamlMap, decode, parse_yaml_mapping, read_limited
from briefing.warning_kinds import LEVELS, Level, WarningKind, spellings_like


class WarningLevels(BaseModel):
    """How loud each kind of warning is: `off` (not reported), `note` (counted in the summary,
    listed with `briefing check --list KIND`, never failing, not even under --strict), `warn`
    (shown; an error under --strict), `error` (always fails). A field for each WarningKind,
    named by its alias, given in briefing.yml in either spelling: see `Warnings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def level(self, kind: WarningKind) -> Level:
        level: Level = getattr(self, kind.alias)
        return level

    @field_validator("*", mode="before")
    @classmethod
    def _yaml_switch(cls, value: object) -> object:
        """YAML 1.1 reads an unquoted `off` as false (and `on` as true): take them as meant."""
        if value is False:
            return "off"
        if value is True:
            return "warn"
        return value


if TYPE_CHECKING:
    Warnings = WarningLevels
else:
    # The fields made from the enumeration, not written out again: a kind added there is a
    # setting here, with its default, under both of its spellings.
    Warnings = create_model(
        "Warnings",
        __base__=WarningLevels,
        __module__=__name__,
        **{
            kind.alias: (
                Level,
                Field(kind.default, validation_alias=AliasChoices(kind.value, kind.alias)),
            )
            for kind in WarningKind
        },
    )


# The word lists of the support checks (analysis/support/words/) a project may add to.
SupportList = Literal[
    "hedges",
    "reporting",
    "anonymous",
    "negation",
    "attribution",
    "agreement",
    "references",
    "titles",
]
SUPPORT_LISTS: tuple[str, ...] = get_args(SupportList)


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
    pdf_timeout: float = Field(
        300,
        gt=0,
        allow_inf_nan=False,
        description="The seconds Typst may take to set one PDF before the build stops it "
        "(a PDF template is a program, and may loop).",
    )
    warnings: Warnings = Field(default_factory=Warnings)
    support_words: dict[SupportList, list[str]] = Field(
        default_factory=dict,
        description="Phrases added to the support checks' word lists, by list: hedges, "
        "reporting, anonymous, negation, attribution, agreement.",
    )
    compare_with: str | None = Field(
        None,
        description="The edition (editions/NAME.yml) the site and PDF show changes since; "
        "default: the one recorded last, or the one recorded before it while the records are "
        "as the last recorded them.",
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
    inner = data.get("warnings")
    if key == "warnings" and len(loc) > 1 and isinstance(inner, YamlMap):
        return _warnings_error(inner, loc[1], first, origin)
    if first["type"] == "extra_forbidden":
        hint = did_you_mean(key, allowed)
        return LoadError(
            origin, f"unknown setting '{key}'", hint or f"settings: {', '.join(allowed)}"
        )
    return LoadError(
        origin, f"invalid setting '{key}': {first['msg']}", f"settings: {', '.join(allowed)}"
    )


def _warnings_error(warnings: YamlMap, name: str, first: ErrorDetails, origin: Origin) -> LoadError:
    """A problem of one key under `warnings:`, a kind in either spelling."""
    key = f"warnings.{name}"
    if first["type"] == "extra_forbidden":
        origin = warnings.key_origins.get(name, origin)
        kind = WarningKind.named(name)
        if kind is not None:  # both spellings of one kind
            return LoadError(
                origin,
                f"setting '{key}' is given twice",
                f"'{kind.value}' and '{kind.alias}' are two spellings of one setting: keep one",
            )
        hint = did_you_mean(name, spellings_like(name))
        return LoadError(
            origin, f"unknown setting '{key}'", hint or f"kinds: {', '.join(WarningKind)}"
        )
    origin = warnings.value_origins.get(name, origin)
    if first["type"] == "literal_error":
        return LoadError(
            origin,
            f"invalid setting '{key}': {shown_value(first['input'])}",
            f"use {', '.join(LEVELS[:-1])} or {LEVELS[-1]}",
        )
    return LoadError(origin, f"invalid setting '{key}': {first['msg']}")
