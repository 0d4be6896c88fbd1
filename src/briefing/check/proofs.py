"""What a proof of a quote is, and the proofs known before a check: a quote as a citation
gives it (Quoted), where it stands in its source (Excerpt), and the quotes found by earlier
checks, in this process (Located, see report.Memo) or kept in build/.cache (Proofs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.problems import Origin
from briefing.records.kept import Kept
from briefing.records.model import Source


@dataclass(frozen=True)
class Excerpt:
    """Where a cited quote stands in its source: offsets in the text and the file's line."""

    source_id: str
    start: int
    end: int
    line: int
    column: int
    text: str
    occurrences: int
    page: int | None = None  # for a source with pages (a captured PDF): the page it is on


@dataclass(frozen=True)
class Quoted:
    """A quote as a citation gives it, from a record's YAML or a brief's prose."""

    source_id: str
    quote: str
    origin: Origin
    prefix: str | None = None
    suffix: str | None = None


# A proof's key in a persistent store: the source's id and the digest of its file's bytes
# (which hold its text, article_lines, pages and the line its text starts on), the quote,
# its prefix and its suffix.
ProofKey = tuple[str, str, str, str | None, str | None]


@dataclass
class Proofs:
    """Quotes found in earlier checks (see cache.py), and those found or used in this one.

    Only quotes found are kept: what a check says of a quote not found (the closest passage,
    another source that has it) depends on more than its own source."""

    digests: dict[str, str]  # a record file's path -> the digest of the bytes checked
    known: dict[ProofKey, Excerpt]
    used: dict[ProofKey, Excerpt] = field(default_factory=dict)

    def key(self, source: Source, quoted: Quoted) -> ProofKey | None:
        digest = self.digests.get(source.path)
        if digest is None:
            return None
        return (source.record_id, digest, quoted.quote, quoted.prefix, quoted.suffix)


# A quote as a citation pins it: its words, prefix and suffix.
QuoteKey = tuple[str, str | None, str | None]
# The quotes found in each source, by its id, for the source object they were found in.
Located = Kept[Source, dict[QuoteKey, Excerpt]]


class FoundBefore:
    """The quotes found by earlier checks, for the sources as they are now: in this process
    (`located`), or by a check whose proofs the cache kept (`proofs`); and the quotes this
    check finds, kept in both for the next."""

    def __init__(
        self, sources: dict[str, Source], located: Located | None, proofs: Proofs | None
    ) -> None:
        self.sources, self.located, self.proofs = sources, located, proofs
        if located is not None:
            located.keep_only(sources)

    def _in_source(self, source: Source) -> dict[QuoteKey, Excerpt] | None:
        """The quotes found in a source object, by this check or one before it."""
        if self.located is None:
            return None
        found = self.located.get(source.record_id, source)
        if found is None:
            found = {}
            self.located.keep(source.record_id, source, found)
        return found

    def known(self, quoted: Quoted) -> Excerpt | None:
        source = self.sources.get(quoted.source_id)
        if source is None:
            return None
        found = self._in_source(source)
        known = found.get((quoted.quote, quoted.prefix, quoted.suffix)) if found else None
        if known is None and self.proofs is not None:
            key = self.proofs.key(source, quoted)
            known = self.proofs.known.get(key) if key else None
        return known

    def remember(self, quoted: Quoted, found: Excerpt) -> None:
        source = self.sources.get(quoted.source_id)
        if source is None:
            return
        in_source = self._in_source(source)
        if in_source is not None:
            in_source[quoted.quote, quoted.prefix, quoted.suffix] = found
        key = self.proofs.key(source, quoted) if self.proofs is not None else None
        if key is not None and self.proofs is not None:
            self.proofs.used[key] = found
