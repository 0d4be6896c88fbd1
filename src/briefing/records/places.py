"""A record that remembers where it was read: the base of every model of records.model,
with the place of the mapping it was validated from and of each of its values (`at()`),
given to the whole tree at once by `keep_places`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ConfigDict

from briefing.problems import Origin

MEMORY = Origin("<memory>")


class Record(BaseModel):
    """A mapping read from a file; remembers its place and the place of each of its values."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # Where it was read, kept in pydantic's store of private values by `keep_places` after
    # validation, for the whole tree at once; a record made in memory has none (see
    # `_private`). Not PrivateAttr: for those pydantic runs a hook on every record it makes,
    # and so did a wrapping validator that kept the places: together two thirds of
    # validating a large project.

    if not TYPE_CHECKING:  # to mypy, a record has the attributes it declares and no others

        def __getattr__(self, name: str) -> Any:
            """What BaseModel.__getattr__ answers for a model without private attributes or
            extra keys, as a record is, without looking for those: for a name the record
            does not have, as in getattr(statement, "deprecated", None), asked of a large
            project's records 180,000 times."""
            kind = type(self)
            if (kind, name) not in _CLASS_HAS:
                _CLASS_HAS[kind, name] = hasattr(kind, name)
            if _CLASS_HAS[kind, name]:
                return object.__getattribute__(self, name)  # raises what the attribute raised
            raise AttributeError(f"{kind.__name__!r} object has no attribute {name!r}")

    def _private(self, name: str) -> Any:
        # Straight from pydantic's store: reading a private attribute goes through
        # BaseModel.__getattr__, which took a tenth of checking a large project.
        private = self.__pydantic_private__
        return private[name] if private else _NO_PLACE[name]

    def at(self, key: str | None = None) -> Origin:
        """Where this mapping, or the value of one of its keys, stands in its file."""
        private = self.__pydantic_private__ or _NO_PLACE  # as _private, read once
        origin: Origin = private["_origin"] or MEMORY
        return private["_value_origins"].get(key, origin) if key else origin


# Whether a kind of record has a name as a class attribute (a property, a method), for
# Record.__getattr__: by the name's kind and name.
_CLASS_HAS: dict[tuple[type, str], bool] = {}
# The private values of a record made in memory, not read from a file.
_NO_PLACE: dict[str, Any] = {
    "_origin": None,
    "_value_origins": {},
    "_record_id": "",
    "_path": "",
    "_text": "",
    "_body": "",
    "_body_line": 1,
}
# For each kind of record, (field name, key) of the fields that hold records or lists of them.
_INNER: dict[type[Record], tuple[tuple[str, str], ...]] = {}


def _holds_records(annotation: Any) -> bool:
    """Whether a field's type is a record, or a list or union with one in it."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return True
    return any(_holds_records(argument) for argument in get_args(annotation))


def _inner_fields(kind: type[Record]) -> tuple[tuple[str, str], ...]:
    if kind not in _INNER:
        _INNER[kind] = tuple(
            (name, info.alias or name)
            for name, info in kind.model_fields.items()
            if _holds_records(info.annotation)
        )
    return _INNER[kind]


def keep_places(record: Record, data: Any, **private: Any) -> None:
    """Give a record validated from `data` (a load.YamlMap) the places of its mapping, and
    each record inside it those of its own; a top record also its other `private` values
    (its id, path, text)."""
    origin = getattr(data, "origin", None)
    places = {"_origin": origin, "_value_origins": data.value_origins} if origin else {}
    if private:
        places = {**_NO_PLACE, **private, **places}
    if places:
        object.__setattr__(record, "__pydantic_private__", places)
    if origin is None:
        return
    values = record.__dict__
    for name, key in _inner_fields(type(record)):
        value = values[name]
        if not value:
            continue
        raw = data[key] if key in data else data[name]
        if isinstance(value, Record):
            keep_places(value, raw)
        else:
            for item, raw_item in zip(value, raw, strict=True):
                keep_places(item, raw_item)
