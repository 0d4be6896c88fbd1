"""A synthetic briefing project of any size, the same every time for the same seed.

    python benchmarks/generate.py 1000 /tmp/corpus-1000 [--seed 2020]

Sources carry article-like text (a dateline, some twenty sentences of reporting with typeset
quotes, dashes and apostrophes, a few thousand characters). Actors have aliases and
affiliations, events have participants, claims and the odd conflict, briefs have key
judgments and paragraphs of prose. Every statement cites two or three different sources with
quotes cut from their text, about one in eight with an elision ("..."), and the citations come
to about ten per source. The project checks with no error; its warnings (8,135 at 1,000
sources) are the support checks' reading of text that is not written as reporting is (no
excerpt names what its statement is about, or gives its numbers), credibility not assessed,
and the sources left unhashed: a check's cost includes making and reporting them.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def words(text: str) -> list[str]:
    return text.split()


FIRST = words("""Adel Ahmed Ali Amal Amir Ammar Ayad Basim Dalia Faisal Farah Ghassan Hadi Haider
Hana Hassan Hussein Ibrahim Jafar Jamal Karim Khalid Laith Layla Mahdi Maryam Mazen Mohammed
Mustafa Nabil Nadia Nasser Noor Omar Qais Rami Rania Reem Saad Salim Samir Sara Tariq Usama
Walid Yasin Yousef Zainab Ziad""")
LAST = words("""Abbas Abboud Adnan al-Amiri al-Asadi al-Baghdadi al-Basri al-Dulaimi al-Hakim
al-Hashimi al-Jabouri al-Karbalai al-Khazali al-Maliki al-Musawi al-Obeidi al-Rubaie al-Saadi
al-Sadr al-Shammari al-Tamimi al-Zaidi Daher Fakhri Ghanem Haddad Hamadi Jaber Kadhim Khalil
Mansour Murad Nouri Qasim Rashid Saleh Sharif Suleiman Yassin Younis Zubaidi""")
GROUPS = words("""Brigades Battalions Movement Front Council Coalition Alliance Party League
Organisation Committee Forces""")
GROUP_WORDS = words("""Badr Hope Victory Return Dawn Justice Martyrs Resistance Unity
Sovereignty Liberation Righteous Euphrates Tigris Defenders Guardians""")
PLACES = words("""Baghdad Basra Mosul Najaf Karbala Kirkuk Erbil Ramadi Fallujah Tikrit Samarra
Diyala Hilla Kut Amarah Nasiriyah Sulaymaniyah Dohuk Beirut Damascus Tehran Qom""")
PUBLISHERS = [
    *("Example Wire", "Gulf Monitor", "Levant Daily", "Tigris Times", "Regional Observer"),
    *("Baghdad Herald", "Eastern Gazette", "Crescent News", "Frontier Post", "Capital Review"),
]
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
VERBS = words("met agreed refused announced denied confirmed demanded rejected welcomed condemned")
TOPICS = [
    *("the withdrawal of foreign troops", "the new cabinet", "the security agreement"),
    *("the border crossing", "the oil revenue", "the prisoner exchange", "the election law"),
    *("the protest camps", "the reconstruction fund", "the drone programme"),
    *("the weapons depots", "the salary payments"),
]
ROLES = words("leader commander spokesman member envoy adviser founder deputy")

SENTENCES = [
    "{person} said on {weekday} that {group} would “not accept {topic}” under any condition.",
    "Two officials in {place} told {publisher} that {group} had {verb} to discuss {topic}.",
    "According to {person}, the talks in {place} lasted {number} hours and ended without a "
    "statement.",
    "{group}’s {role}, {person}, {verb} the plan — a move that surprised diplomats in {place}.",
    "A source close to {group} said {number} fighters were moved to {place} on {weekday}.",
    "{person} could not be reached for comment, and {group} did not answer written questions.",
    "Residents of {place} described {number} convoys crossing the river before dawn.",
    "The meeting in {place} came {number} days after {person} {verb} {topic} in a televised "
    "speech.",
    "Diplomats said {group} and {group2} had {verb} a common position on {topic}.",
    "{publisher} could not independently verify the account given by {person}.",
    "In {place}, {person} told reporters that “{topic} is a matter for the state” and left.",
    "The {role} of {group}, who asked not to be named, said {person} had {verb} {topic}.",
]
PARAGRAPH = (3, 5)  # sentences per paragraph
ARTICLE = (18, 26)  # sentences per article


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Person:
    record_id: str
    name: str
    aliases: list[str]
    kind: str


@dataclass
class Text:
    """A source's article: its text and the sentences it was made of, to cut quotes from."""

    source_id: str
    publisher: str
    body: str
    sentences: list[str]
    used: set[int] = field(default_factory=set)


class Generator:
    def __init__(self, sources: int, seed: int) -> None:
        self.random = random.Random(seed)
        self.size = sources
        self.actors = self._actors(max(4, sources // 4))
        self.texts: list[Text] = []
        self.turn: list[int] = []
        self.citations = 0
        self.elisions = 0

    def _actors(self, count: int) -> list[Person]:
        people = [f"{a} {b}" for a, b in itertools.product(FIRST, LAST)]
        groups = [f"{w} {g}" for w, g in itertools.product(GROUP_WORDS, GROUPS)]
        self.random.shuffle(people)
        self.random.shuffle(groups)
        actors: list[Person] = []
        for number in range(count):
            if number % 3 == 2:
                pool, kind, aliases = groups, "armed-group", 1
            else:
                pool, kind, aliases = people, "person", 2
            base = pool[number % len(pool)]
            name = base if number < len(pool) * 3 // 2 else f"{base} {number}"
            record_id = f"{slug(name)}-{number}"
            actors.append(
                Person(
                    record_id,
                    name,
                    [f"{alias} {name}" for alias in ("Sheikh", "Abu")][:aliases],
                    kind,
                )
            )
        return actors

    def _fill(self, template: str, publisher: str) -> str:
        pick = self.random.choice
        return template.format(
            person=pick(self.actors).name,
            group=pick(self.actors).name,
            group2=pick(self.actors).name,
            place=pick(PLACES),
            publisher=publisher,
            weekday=pick(WEEKDAYS),
            verb=pick(VERBS),
            topic=pick(TOPICS),
            role=pick(ROLES),
            number=self.random.randint(2, 400),
        )

    def source(self, number: int) -> tuple[str, str]:
        publisher = PUBLISHERS[number % len(PUBLISHERS)]
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        year = 2018 + number // (28 * 12) % 5
        date = f"{year}-{month:02d}-{day:02d}"
        source_id = f"{slug(publisher)}-{date}-{number:05d}"
        sentences = [
            self._fill(self.random.choice(SENTENCES), publisher)
            for _ in range(self.random.randint(*ARTICLE))
        ]
        paragraphs, at = [], 0
        while at < len(sentences):
            step = self.random.randint(*PARAGRAPH)
            paragraphs.append(" ".join(sentences[at : at + step]))
            at += step
        place = self.random.choice(PLACES).upper()
        body = f"{place}: " + "\n\n".join(paragraphs) + "\n"
        self.texts.append(Text(source_id, publisher, body, sentences))
        meta = {
            "title": self._fill("{group} and {topic}: what {person} said", publisher)[:120],
            "publisher": publisher,
            "byline": "Staff reporter",
            "url": f"https://news.example/{slug(publisher)}/{number}",
            "published": date,
            "language": "en",
            "reliability": "ABCDE"[number % 5],
            "reliability_reason": "A synthetic article, generated for the benchmarks.",
        }
        return source_id, "---\n" + dump(meta) + "---\n" + body

    def quote(self, text: Text) -> str:
        """Words cut from one sentence of the text, or two pieces of one sentence joined by
        '...', with straight apostrophes for curly ones. Retries until the quote is found once
        and holds no quotation mark (a brief's prose quotes it between straight ones)."""
        for _ in range(50):
            index = self.random.randrange(len(text.sentences))
            words = text.sentences[index].split()
            if len(words) < 9:
                continue
            length = self.random.randint(6, min(12, len(words)))
            start = self.random.randint(0, len(words) - length)
            chosen = words[start : start + length]
            if self.random.random() < 0.125 and length >= 10:
                quote = " ".join(chosen[:4]) + " ... " + " ".join(chosen[-4:])
                first = " ".join(chosen[:4])
            else:
                quote = first = " ".join(chosen)
            if text.body.count(first) == 1 and not re.search("[“”]", quote):
                self.elisions += "..." in quote
                return quote.replace("’", "'").rstrip(",")
        raise RuntimeError(f"no unique quote in {text.source_id}")

    def cite(self, count: int) -> list[tuple[str, str]]:
        """`count` citations of different sources, dealt so that each source is cited alike."""
        chosen: list[tuple[str, str]] = []
        taken: set[str] = set()
        while len(chosen) < count:
            if not self.turn:
                self.turn = list(range(len(self.texts)))
                self.random.shuffle(self.turn)
            text = self.texts[self.turn.pop()]
            if text.source_id in taken:
                continue
            taken.add(text.source_id)
            chosen.append((text.source_id, self.quote(text)))
        self.citations += count
        return chosen

    def statement(self, text: str) -> dict[str, Any]:
        cites = self.cite(self.random.choice((2, 2, 3)))
        return {"text": text, "cite": [{"source": s, "quote": q} for s, q in cites]}

    def actor(self, number: int, person: Person) -> dict[str, Any]:
        record: dict[str, Any] = {"name": person.name, "kind": person.kind}
        if person.aliases:
            record["aliases"] = person.aliases
        record["summary"] = self.statement(f"{person.name} appears in the reporting.")
        if number > 0:
            other = self.actors[self.random.randrange(number)]
            affiliation = self.statement("Reported as linked.")
            affiliation.update(actor=other.record_id, role=self.random.choice(ROLES))
            record["affiliations"] = [affiliation]
        record["claims"] = [
            {
                "id": f"{person.record_id}-claim-{n}",
                **self.statement(f"Claim {n} about {person.name}."),
            }
            for n in range(5)
        ]
        return record

    def event(self, number: int) -> dict[str, Any]:
        count = len(self.actors)
        participants = [number % count, *(self.random.randrange(count) for _ in range(2))]
        record: dict[str, Any] = {
            "title": f"Meeting {number} in {self.random.choice(PLACES)}",
            "date": f"{2018 + number % 5}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "place": self.random.choice(PLACES),
            "summary": self.statement("A meeting took place, according to several reports."),
            "participants": [
                {"actor": self.actors[i].record_id, "role": self.random.choice(VERBS)}
                for i in dict.fromkeys(participants)
            ],
            "claims": [
                {"id": f"event-{number}-claim-{n}", **self.statement(f"Claim {n} on the meeting.")}
                for n in range(6)
            ],
        }
        if number % 10 == 0:
            record["conflicts"] = [
                {
                    "id": f"event-{number}-how-many",
                    "question": "How many fighters moved?",
                    "sides": [self.statement("One report."), self.statement("Another report.")],
                }
            ]
        return record

    def brief(self, number: int, events: list[str]) -> str:
        judgments = [
            {
                "id": f"brief-{number}-kj-{n}",
                "confidence": "moderate",
                **self.statement(f"Key judgment {n}."),
            }
            for n in range(4)
        ]
        judgments.append(
            {"id": f"brief-{number}-kj-4", "text": "An assessment.", "judgment": "low"}
        )
        meta = {
            "title": f"Brief {number}: the militias and {self.random.choice(TOPICS)}",
            "date": "2020-06-01",
            "key_judgments": judgments,
        }
        paragraphs = [f"# Brief {number}"]
        for n in range(40):
            actor = self.random.choice(self.actors).record_id
            event = self.random.choice(events)
            cites = "; ".join(f'@{s}, "{q}"' for s, q in self.cite(self.random.choice((2, 3))))
            paragraphs.append(
                f"Paragraph {n}: [[{actor}]] took part in [[{event}]], according to the "
                f"reports cited [{cites}]."
            )
        return "---\n" + dump(meta) + "---\n" + "\n\n".join(paragraphs) + "\n"


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def generate(root: Path, sources: int, seed: int = 2020) -> dict[str, int]:
    """Write the project at `root` (replacing it); return what it holds."""
    if root.exists():
        shutil.rmtree(root)
    for folder in ("sources", "actors", "events", "briefs"):
        (root / folder).mkdir(parents=True)
    generator = Generator(sources, seed)
    for number in range(sources):
        source_id, text = generator.source(number)
        (root / "sources" / f"{source_id}.md").write_text(text, encoding="utf-8")
    for number, person in enumerate(generator.actors):
        record = generator.actor(number, person)
        (root / "actors" / f"{person.record_id}.yml").write_text(dump(record), encoding="utf-8")
    event_ids = []
    for number in range(max(4, sources // 4)):
        record = generator.event(number)
        event_id = f"{record['date']}-meeting-{number}"
        event_ids.append(event_id)
        (root / "events" / f"{event_id}.yml").write_text(dump(record), encoding="utf-8")
    briefs = max(2, sources // 100)
    for number in range(briefs):
        (root / "briefs" / f"brief-{number}.md").write_text(
            generator.brief(number, event_ids), encoding="utf-8"
        )
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic briefing\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions: [footnotes, attr_list, md_in_html, tables]\n",
        encoding="utf-8",
    )
    return {
        "sources": sources,
        "actors": len(generator.actors),
        "events": len(event_ids),
        "briefs": briefs,
        "citations": generator.citations,
        "elisions": generator.elisions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=2020)
    arguments = parser.parse_args()
    print(generate(arguments.root, arguments.sources, arguments.seed))


if __name__ == "__main__":
    main()
