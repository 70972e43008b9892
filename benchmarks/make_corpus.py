"""Write N synthetic press pages, built like the scraped ones, deterministically for a seed.

    python benchmarks/make_corpus.py OUT --pages 10000 [--seed 1]

Each page is a sidebar of teasers (which slides by one every few pages, so
most teasers repeat on many pages) followed by one article: a headline line,
a ``DD.MM.YYYY`` dateline (glued to the first sentence, on its own line, or
after the repeated headline), a body of several paragraphs, and page
furniture (photo file names, a separator, the press contact, ``Go back``).
About one article in eight is scraped twice with small differences. Dates
come in every form the extractor reads, people in several transliterations.

The text is of this module's own making (see ``vocab.py``); a release is a
function of ``(seed, index)``, so any page can be rebuilt without the others.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vocab as V  # noqa: E402

FIRST_DAY = date(2010, 1, 1)
SPAN_DAYS = 5800  # releases spread over 2010–2025 whatever the corpus size
RESCRAPE_SHARE = 0.12


@dataclass
class Person:
    first: str
    last: str
    role: str

    def full(self) -> str:
        return f"{self.first} {self.last}"

    def initial(self) -> str:
        return f"{self.first[0]}. {self.last}"


def _people(seed: int, n: int = 400) -> list[Person]:
    rng = random.Random(seed * 7919 + 17)
    out, seen = [], set()
    while len(out) < n:
        last = rng.choice(V.SURNAME_ROOTS) + rng.choice(V.SURNAME_ENDINGS)
        first = rng.choice(V.FIRST_NAMES)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        out.append(Person(first, last, rng.choice(V.ROLES)))
    return out


def transliterate(name: str, rng: random.Random) -> str:
    """Another spelling of the same name (Ordabayev → Ordabaev, Rakhmon → Rahmon), if one applies."""
    pairs = [(a, b) for a, b in V.TRANSLIT if a in name] + [(b, a) for a, b in V.TRANSLIT if b in name and len(b) > 1]
    if not pairs:
        return name
    a, b = rng.choice(pairs)
    i = name.rfind(a)
    return name[:i] + b + name[i + len(a):]


@dataclass
class Release:
    """One news release: its teaser text and its article, as the site shows them."""

    index: int
    dateline: date
    teaser: str
    headline: str
    body: list[str]  # paragraphs; the first is the lead
    sentence_headline: bool = False  # ends with a full stop: needs a glued dateline to read as a headline
    photos: list[str] = field(default_factory=list)


class Writer:
    """Builds releases from one seed; people and their spellings are shared by all releases."""

    def __init__(self, seed: int, n_releases: int):
        self.seed = seed
        self.n_releases = max(1, n_releases)
        self.people = _people(seed)

    # -- pieces -------------------------------------------------------------

    def _person(self, rng: random.Random, with_role: str = "after") -> str:
        p = rng.choice(self.people)
        name = p.full() if rng.random() < 0.7 else p.initial()
        if rng.random() < 0.15:
            name = name.replace(p.last, transliterate(p.last, rng))
        if with_role == "after":
            return f"{name}, the {p.role},"
        if with_role == "before":
            return f"{p.role} {name}"
        return name

    def _date_phrase(self, rng: random.Random, d: date, form: int) -> tuple[str, date]:
        """The opening of a lead sentence in one of the date forms; returns the phrase and the last day."""
        m = V.MONTHS[d.month - 1]
        if form == 0:
            return f"On {d.day} {m}", d
        if form == 1:
            return f"On {m} {d.day}, {d.year}", d
        if form == 2:
            return f"On {d.day} {m} {d.year}", d
        if form == 3:
            end = min(d + timedelta(days=rng.randint(2, 12)), date(d.year, d.month, 28))
            if end <= d:
                return f"On {d.day} {m} {d.year}", d
            return f"From {d.day} to {end.day} {m} {d.year}", end
        if form == 4:
            nxt = d + timedelta(days=1)
            if nxt.month != d.month:
                return f"On {m} {d.day}", d
            return f"On {d.day} and {nxt.day} {m}", nxt
        if form == 5:
            return f"On {m} {d.day}, this year", d
        return f"On {m} {d.day}", d

    def _topic(self, rng: random.Random) -> str:
        return f"{rng.choice(V.ASPECTS)} {rng.choice(V.TOPICS)}" if rng.random() < 0.5 else rng.choice(V.TOPICS)

    def _org(self, rng: random.Random) -> str:
        return rng.choice(V.ORGANIZATIONS)

    def _city(self, rng: random.Random) -> str:
        city = rng.choice(V.CITIES)
        return f"the city of {city}" if rng.random() < 0.2 else city

    # -- one release --------------------------------------------------------

    def release(self, k: int) -> Release:
        rng = random.Random(self.seed * 1_000_003 + k)
        day = FIRST_DAY + timedelta(days=int(k * SPAN_DAYS / self.n_releases) + rng.randint(-3, 3))
        planned = rng.random() < 0.1
        form = rng.choices(range(7), weights=(4, 4, 3, 2, 1, 1, 1))[0]
        phrase, end = self._date_phrase(rng, day, form)
        published = end + timedelta(days=rng.randint(0, 2)) if not planned else day - timedelta(days=rng.randint(3, 10))
        lead, headline, kind = self._lead(rng, phrase, day, end, planned)
        body = [lead + " " + self._sentence(rng, kind)] + [self._paragraph(rng, kind, day) for _ in range(rng.randint(4, 12))]
        teaser = lead if rng.random() < 0.6 else lead + " " + self._sentence(rng, kind)
        rel = Release(k, published, teaser, headline, body)
        if rng.random() < 0.08:
            rel.headline = lead
            rel.sentence_headline = True
        rel.photos = [f"{rng.choice(V.PHOTO_PREFIXES)}{rng.randint(1000, 9999)}.JPG" for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:  # the site's non-breaking spaces and curly quotes
            rel.body = [p.replace("CSTO ", "CSTO\u00a0", 1) for p in rel.body]
        return rel

    def _lead(self, rng: random.Random, phrase: str, day: date, end: date, planned: bool) -> tuple[str, str, str]:
        city, org, topic = self._city(rng), self._org(rng), self._topic(rng)
        if planned:
            m = V.MONTHS[day.month - 1]
            choice = rng.randrange(3)
            if choice == 0:
                return (f"The next meeting of the {org} will be held in {city} on {m} {day.day}. "
                        f"The participants will discuss {topic}."), f"Meeting of the {org} to be held in {city}", "meeting"
            if choice == 1:
                return (f"{self._person(rng, 'before')} will pay a working visit to {city} on {day.day} {m} {day.year}."
                        , f"Working visit to {city}", "visit")
            return (f"From {day.day} {m}, the {org} will conduct a seminar on {topic} in {city}.",
                    f"Seminar on {topic}", "education")
        kind = rng.choices(
            ("meeting", "consultations", "training", "education", "briefing", "visit", "ceremony", "operation", "other"),
            weights=(6, 3, 3, 2, 2, 2, 1, 1, 1))[0]
        ordinal = rng.choice(V.ORDINALS)
        ex = rng.choice(V.EXERCISES)
        if kind == "meeting":
            lead = rng.choice((
                f"{phrase}, {self._person(rng)} held a meeting with the delegation of the {org}.",
                f"{phrase}, in {city}, the {ordinal} meeting of the {org} was held with the participation of the {self._person(rng, 'before')}.",
                f"{phrase}, the {org} hosted a working meeting between {self._person(rng, 'before')} and {self._person(rng, 'before')}.",
            ))
            headline = rng.choice((
                f"The {org} held a meeting in {city.replace('the city of ', '')}",
                f"Session of the {org} {V.MONTHS[day.month - 1]} {day.day}, {day.year}, {city.replace('the city of ', '')}",
                f"A meeting of the {org} was held on {day.day}-{(day + timedelta(days=1)).day} {V.MONTHS[day.month - 1]} {day.year}",
            ))
        elif kind == "consultations":
            online = rng.random() < 0.3
            lead = (f"{phrase}, the {org} hosted {'videoconference ' if online else ''}consultations of representatives "
                    f"of the member states on {topic}.") if rng.random() < 0.5 else (
                    f"{phrase}, in {city}, consultations of experts of the CSTO member states on {topic} were held "
                    f"under the chairmanship of {rng.choice(V.STATES)}.")
            headline = f"Consultations on {topic}"
        elif kind == "training":
            lead = rng.choice((
                f"{phrase}, a joint staff training was held between the duty shifts of the {org} and the {self._org(rng)}.",
                f"{phrase}, the active phase of the joint exercise “{ex}-{day.year}” took place at the "
                f"{rng.choice(V.ADJECTIVES)} training ground near {city}.",
            ))
            headline = f"Joint exercise “{ex}-{day.year}”" if "exercise" in lead else f"Joint staff training of the {org}"
        elif kind == "education":
            lead = (f"{phrase}, the {org} hosted the {ordinal} training courses of the CSTO member states for "
                    f"senior staff on {topic}.")
            headline = f"Training courses on {topic} in {city.replace('the city of ', '')}"
        elif kind == "briefing":
            lead = f"{phrase}, {self._person(rng)} made a report on {topic} at the meeting of the {org}."
            headline = f"Report on {topic}"
        elif kind == "visit":
            lead = f"{phrase}, {self._person(rng, 'before')} paid a working visit to {city}."
            headline = f"Working visit to {city.replace('the city of ', '')}"
        elif kind == "ceremony":
            lead = (f"{phrase}, a ceremony of laying wreaths took place in {city} with the participation of "
                    f"{self._person(rng)} and representatives of the {org}.")
            headline = f"Wreath-laying ceremony in {city.replace('the city of ', '')}"
        elif kind == "operation":
            lead = (f"{phrase}, the {ordinal} stage of the regional operation “{ex}” was carried out on the territory "
                    f"of {rng.choice(V.STATES)}.")
            headline = f"Operation “{ex}”: results of the {ordinal} stage"
        else:
            lead = (f"In an interview with the {rng.choice(V.ADJECTIVES)} news agency, {self._person(rng, 'before')} "
                    f"spoke about {topic}.")
            headline = f"Interview on {topic}"
        return lead, headline, kind

    def _sentence(self, rng: random.Random, kind: str) -> str:
        verb = rng.choice(("discussed", "considered", "reviewed", "exchanged views on"))
        noun = rng.choice(("issues", "questions", "matters", "prospects"))
        adj = rng.choice(("important", "key", "priority", "practical", "topical", "urgent"))
        return rng.choice((
            f"The participants {verb} {adj} {noun} of {self._topic(rng)}.",
            f"Special attention was paid to {self._topic(rng)} and to {rng.choice(V.TOPICS)}.",
            f"The event was attended by representatives of the {self._org(rng)} and the {self._org(rng)}.",
            f"{self._person(rng, 'none')} noted that {rng.choice(V.STATES)} attaches great importance to {rng.choice(V.TOPICS)}.",
            f"The parties {verb} {noun} of {rng.choice(V.TOPICS)} and agreed to continue work on {self._topic(rng)}.",
            f"Following the {kind}, {rng.randint(2, 24)} documents were adopted, including a plan of joint measures.",
            f"“We consider {rng.choice(V.TOPICS)} one of the {adj} directions of our work,” {self._person(rng, 'none')} said.",
            f"It was noted that {rng.choice(V.ADJECTIVES)} specialists had gained {adj} experience in {rng.choice(V.TOPICS)}.",
            f"The {self._org(rng)} presented {rng.choice(('a report', 'proposals', 'an analysis', 'a draft concept'))} on {self._topic(rng)}.",
        ))

    def _paragraph(self, rng: random.Random, kind: str, day: date) -> str:
        if rng.random() < 0.08:  # a second, clearly separate event in the body
            later = day + timedelta(days=rng.randint(20, 200))
            return (f"It was decided to hold the next meeting in {rng.choice(V.CITIES)} on "
                    f"{later.day} {V.MONTHS[later.month - 1]} {later.year}.")
        return " ".join(self._sentence(rng, kind) for _ in range(rng.randint(1, 3)))


# --------------------------------------------------------------------------
# Pages


def _dl(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _contact(rng: random.Random, spokesman: str) -> list[str]:
    sep = rng.choice(("* * *", "_" * rng.randint(30, 60), "_" * 50 + spokesman))
    lines = [sep] if sep.endswith(spokesman) else [sep, f"{rng.choice(V.SPOKESMEN)} {spokesman}"]
    return lines + ["+7-495-795-27-10", "+7-495-621-33-23-tel/fax", "E-mail: press@example.org"]


def render_page(rel: Release, sidebar: list[Release], rng: random.Random, spokesman: str, rescrape: bool) -> str:
    """One page: the sidebar's teasers, then the article and its furniture, in one of three layouts."""
    layout = rng.choice("ABC")
    out: list[str] = []
    for t in sidebar:
        if layout == "B":
            out += [_dl(t.dateline), "", t.teaser, "", ""]
        else:
            out.append(t.teaser)
    body = list(rel.body)
    photos = list(rel.photos)
    if rescrape:  # the same article scraped again: other photo names, a word changed, spacing
        photos = [p.replace(".JPG", f"_{rng.randint(1, 9)}.JPG") for p in photos] or [f"IMG_{rng.randint(1000, 9999)}.JPG"]
        if rng.random() < 0.5 and len(body) > 1:
            i = rng.randrange(1, len(body))
            body[i] = body[i].replace(" the ", " the  ", 1).replace("was held", "took place", 1).replace("noted", "stressed", 1)
    if rel.sentence_headline or layout == "A":
        out += [rel.headline, _dl(rel.dateline) + body[0]] + body[1:]
    elif layout == "B":
        out += [rel.headline, "", f"{rel.headline} {_dl(rel.dateline)}", ""]
        for p in body:
            out += [p, ""]
    else:
        out += [rel.headline, _dl(rel.dateline)] + body
    if photos:
        out.insert(len(out) - rng.randint(1, 2), " ".join(photos) + " ")
    out += _contact(rng, spokesman)
    if layout != "A" or rng.random() < 0.5:
        out += ["", "Go back", "", "Back to the section", "", "Back to the all news"]
    return "\n".join(out) + "\n"


def iter_pages(pages: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """Yield ``(file name, text)`` for ``pages`` pages; equal arguments give equal pages."""
    n_articles = max(1, int(pages * (1 - RESCRAPE_SHARE)) + 1)
    writer = Writer(seed, n_articles)
    rng = random.Random(seed)
    spokesman = writer._person(random.Random(seed + 1), "none")
    size = rng.choice((4, 4, 5))
    u, next_change = size, rng.randint(2, 6)
    article = 0
    recent: list[int] = []
    cache: dict[int, Release] = {}

    def get(k: int) -> Release:
        if k not in cache:
            if len(cache) > 4096:  # flat memory for 100,000 pages
                cache.clear()
            cache[k] = writer.release(k)
        return cache[k]

    for i in range(pages):
        if i == next_change:  # the sidebar slides: a new teaser on top, the oldest drops off
            u += 1 if rng.random() < 0.85 else 2
            if rng.random() < 0.1:
                size = rng.choice((3, 4, 5))
            next_change = i + rng.randint(2, 6)
        sidebar = [get((3 * (u - j)) % n_articles) for j in range(size)]
        rescrape = bool(recent) and rng.random() < RESCRAPE_SHARE
        if rescrape:
            k = rng.choice(recent)
        else:
            k = min(article, n_articles - 1)
            article += 1
            recent = (recent + [k])[-300:]
        text = render_page(get(k), sidebar, rng, spokesman, rescrape)
        if rng.random() < 0.03:
            text = text.replace("\n", "\r\n")
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        yield f"{i:06d}_{digest}.txt", text


def write_corpus(out: str | Path, pages: int, seed: int = 1) -> Path:
    """Write the pages under ``out`` in folders of 1,000; returns ``out``."""
    out = Path(out)
    for i, (name, text) in enumerate(iter_pages(pages, seed)):
        folder = out / f"{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if i % 97 == 13:
            data = b"\xef\xbb\xbf" + data  # some pages were saved with a byte order mark
        (folder / name).write_bytes(data)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the pages into (created)")
    ap.add_argument("--pages", type=int, required=True, help="how many pages (100 to 100,000)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    write_corpus(args.out, args.pages, args.seed)
    print(f"{args.pages} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
