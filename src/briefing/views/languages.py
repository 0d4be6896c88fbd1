"""Names of languages for readers: a source's `language` is a BCP 47 tag ("ar", "pt-BR",
"sr-Latn"); pages and the PDF show its English name, from the Unicode CLDR through Babel."""

from __future__ import annotations

import functools

from babel import Locale


@functools.cache
def _names() -> dict[str, str]:
    return {code: str(name) for code, name in Locale("en").languages.items()}


def language_name(code: str) -> str:
    """The English name of a language tag ('Arabic' for 'ar', 'Brazilian Portuguese' for
    'pt-BR', 'Unknown language' for 'und'); a tag CLDR does not know, as written."""
    tag = code.strip().replace("-", "_")
    base = tag.split("_")[0].lower()
    names = _names()
    return names.get(tag) or names.get(base) or code
