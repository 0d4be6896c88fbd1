"""unnamed-in-excerpt: a statement about an actor whose excerpts do not name it.

On an actor's page a statement is about the actor when it names it or refers to it by a
pronoun ("He declared ...", "The Baghdad Post says it follows ..."); a summary always is.
Such a statement needs an excerpt that names the actor: in the excerpt's sentence, or,
where the sentence refers back ("he", "the group", "these troops", an item of a list),
earlier in its paragraph or in the paragraph of prose before. An affiliation needs an
excerpt that names both actors so.

A pronoun's antecedent is not resolved: any name in the paragraph before it counts, which
is why only an excerpt that refers back is read beyond its sentence (see FORMAT.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.analysis.support.context import Evidence
from briefing.analysis.support.judges import Finding
from briefing.analysis.support.names import ActorNames, folded
from briefing.analysis.support.said import Said
from briefing.analysis.support.words import Lexicon
from briefing.records.model import Actor, Affiliation
from briefing.warning_kinds import WarningKind


def names(evidence: Evidence, actor: ActorNames, lexicon: Lexicon) -> bool:
    """Whether an excerpt names an actor, in its sentence or where the sentence refers
    back (Evidence.read_in)."""
    if actor.named_in(folded(evidence.sentence)):
        return True
    return actor.named_in(evidence.folded_read_in(lexicon, actor.heads))


# How a statement on an actor's page refers to the actor without naming it.
_PRONOUN_WORDS = "he him his himself she her hers herself it its itself they them their themselves"
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())


def about(text: str, subject: ActorNames) -> bool:
    """Whether a statement on an actor's page is about the actor: it names it, or refers to
    it by a pronoun ("He declared ...", "The Baghdad Post says it follows ...")."""
    if subject.named_in(folded(text), loose=False):
        return True
    return not _PRONOUNS.isdisjoint(re.findall(r"[a-z]+", text.lower()))


def unnamed_in_excerpt(said: Said, lexicon: Lexicon) -> Iterator[Finding]:
    record = said.record
    if said.reader is None or not isinstance(record, Actor) or said.field == "basis":
        return
    subject = said.reader.names.get(record.record_id)
    standing = said.standing
    if subject is None or not standing:
        return
    if isinstance(said.cited, Affiliation):
        other = said.reader.names.get(said.cited.actor)
        if other is not None and not any(
            names(e, subject, lexicon) and names(e, other, lexicon) for e in standing
        ):
            yield _unnamed(said, standing[0], [subject, other], lexicon)
    elif (said.what == "summary" or about(said.text, subject)) and not any(
        names(e, subject, lexicon) for e in standing
    ):
        yield _unnamed(said, standing[0], [subject], lexicon)


def _unnamed(said: Said, first: Evidence, actors: list[ActorNames], lexicon: Lexicon) -> Finding:
    place = f"line {first.line(first.excerpt.start)} of '{first.source.record_id}'"
    if len(actors) == 1:
        wanted = f"{actors[0].label}, whom the {said.what} is about"
    else:
        wanted = f"both {actors[0].label} and {actors[1].label}"
    one = len(said.standing) == 1
    message = (
        f"the excerpt ({place}) does not name {wanted}" if one else f"no excerpt names {wanted}"
    )
    message += ", in its sentence or in what the sentence refers back to"
    missing = [a.label for a in actors if not names(first, a, lexicon)]
    if len(actors) > 1 and len(missing) == 1:
        message += (
            f" ({missing[0]} is not named)"
            if one
            else f" (the first, {place}, does not name {missing[0]})"
        )
    elif not one:
        message += f" (the first: {place})"
    return Finding(
        WarningKind.UNNAMED_IN_EXCERPT,
        message,
        "cite the words that name it; if the article names it otherwise, add that name to "
        "the actor's aliases",
        source_id=first.source.record_id,
    )
