"""The Markdown links a site's pages make to records, to reports and to statements, each made
once for the pages of a folder: a link depends on the folder of the page it stands on, not
on the page (shared.relative), and a source's page links 20 or so records, most of them
linked from other pages too (at 10,000 sources, making them again was a third of a source
page's time)."""

from __future__ import annotations

from markupsafe import Markup

from briefing.analysis.rests import Dependent, name_of
from briefing.analysis.synthesis import Synthesis
from briefing.views.shared import escape_text, page_of, relative


def _folder(page: str) -> str:
    return page.rpartition("/")[0]


class Links:
    def __init__(self, synthesis: Synthesis) -> None:
        self.synthesis = synthesis
        self._records: dict[tuple[str, str], Markup] = {}
        self._origins: dict[tuple[str, str], Markup] = {}
        self._statements: dict[tuple[str, int], tuple[Dependent, Markup]] = {}

    def record(self, page: str, record_id: str) -> Markup:
        """The record's name, linked to its page (its id alone, for an unknown record)."""
        key = (_folder(page), record_id)
        found = self._records.get(key)
        if found is None:
            record = self.synthesis.record(record_id)
            if record is None:
                found = Markup(escape_text(record_id))
            else:
                target = relative(page, page_of(record))
                found = Markup(f"[{escape_text(name_of(record))}]({target})")
            self._records[key] = found
        return found

    def origin(self, page: str, origin_id: str) -> Markup:
        """An origin as a reader knows it: a link to the source a reader is sent to for a
        stored report; the name of one outside the project, which no page describes."""
        key = (_folder(page), origin_id)
        found = self._origins.get(key)
        if found is None:
            name = self.synthesis.origin_name(origin_id)
            if name is not None:
                found = Markup(f"{escape_text(name)} (relayed, not stored)")
            else:
                found = self.record(page, self.synthesis.lead_source(origin_id).record_id)
            self._origins[key] = found
        return found

    def statement(self, page: str, dependent: Dependent) -> Markup:
        """'claim about Hassan Nasrallah', linked to where the statement stands on its page."""
        # by the statement itself: one Dependent stands in the lists of each of its origins
        # (kept with its link, so that its id is not another's while the link is kept)
        key = (_folder(page), id(dependent))
        found = self._statements.get(key)
        if found is None or found[0] is not dependent:
            words = f"{dependent.label or 'statement of'} {name_of(dependent.record)}"
            target = relative(page, page_of(dependent.record), dependent.anchor)
            found = (dependent, Markup(f"[{escape_text(words)}]({target})"))
            self._statements[key] = found
        return found[1]
