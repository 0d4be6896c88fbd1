"""W3C Web Annotation (JSON-LD): every citation as an annotation on its article's address,
the statement it supports as the body. Hypothesis and other annotation tools anchor the
TextQuoteSelector (exact words with the words around them) in the live page."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from importlib import resources
from typing import Any

from briefing.check.resolve import Index
from briefing.records.model import Source
from briefing.records.settings import Settings
from briefing.views.exports import json_text
from briefing.views.exports.statements import Placed, Stated

FILE = "annotations.jsonld"
CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
AROUND = 32  # characters of the source before and after the quote: prefix and suffix
# uuid5 namespace: the same citation gets the same annotation id in every export
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://briefing.invalid/annotations")
OFFSETS_NOTE = (
    "TextPositionSelector offsets count Unicode code points in the article text as captured "
    "in sources/<source-id>.md (below its front matter), not in the live page; the "
    "TextQuoteSelector anchors in the live page."
)


def context_document() -> dict[str, Any]:
    """The terms of the W3C annotation context (http://www.w3.org/ns/anno.jsonld) that the
    export uses, kept here so that reading it back needs no network."""
    text = (resources.files("briefing.views.exports") / "anno-context.jsonld").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def target_address(source: Source) -> str:
    # a source kept without its address still needs an IRI to be annotated
    return source.url or f"urn:briefing:source:{source.record_id}"


def selectors(source: Source, placed: Placed) -> list[dict[str, Any]]:
    excerpt, text = placed.excerpt, source.text
    return [
        {
            "type": "TextQuoteSelector",
            "exact": excerpt.text,
            "prefix": text[max(0, excerpt.start - AROUND) : excerpt.start],
            "suffix": text[excerpt.end : excerpt.end + AROUND],
        },
        {"type": "TextPositionSelector", "start": excerpt.start, "end": excerpt.end},
    ]


def annotation(index: Index, stated: Stated, placed: Placed) -> dict[str, Any]:
    source = index.briefing.sources[placed.source_id]
    key = f"{stated.statement_id}|{placed.source_id}|{placed.excerpt.start}|{placed.excerpt.end}"
    return {
        "id": f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {
            "type": "TextualBody",
            # a deprecated statement says so, as on the site: it no longer stands
            "value": f"{stated.text} ({stated.deprecation})" if stated.deprecation else stated.text,
            "format": "text/plain",
            "purpose": "commenting",
        },
        "target": {
            "source": target_address(source),
            "selector": selectors(source, placed),
        },
    }


def export(index: Index, settings: Settings, stated: Sequence[Stated]) -> dict[str, str]:
    items = [annotation(index, one, placed) for one in stated for placed in one.citations]
    document = {
        "@context": CONTEXT_URL,
        "id": "urn:uuid:" + str(uuid.uuid5(NAMESPACE, settings.title)),
        "type": "AnnotationCollection",
        "label": f"{settings.title}: the citations. {OFFSETS_NOTE}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return {FILE: json_text(document)}
