"""Site furniture: lines a site repeats on its pages, and lines that are chrome by their shape.

Two sources, whatever the words:

* **Repetition.** A line that is not a sentence (no closing stop) and recurs
  on :data:`MIN_PAGES` or more pages of one import is the site's furniture: a
  masthead, a menu, a "Most read" list, a footer. :class:`Learner` counts
  lines in a first cheap pass over the import (one hash per distinct line of
  a page); the set it learns is handed to every page's segmentation, in this
  process and in the workers alike, so an import stores the same rows either
  way. Dated lines never count (a sidebar teaser recurs on many pages and is
  an item), nor do sentences.
* **Shape**, for a page with no siblings: menus (``A | B | C``), breadcrumbs
  (``Home > News``), result counters and pagers, ``Label: value`` metadata,
  bylines, copyright lines, and short section titles ("News and
  announcements", "Most read").
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

#: A line recurring on this many pages of an import is furniture (a headline
#: scraped twice recurs on two; a site's menu on all of them).
MIN_PAGES = 3
_LONGEST = 200  # longer lines are prose, never counted

_TERMINAL = re.compile(r"[.!?…;:,]['\"”’»)]*[ \u00a0]*$")
# a day and a month in any order, or a numeric date: a dated line is an item or a dateline, never furniture
_DATEISH = re.compile(
    r"\d[ \u00a0]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \u00a0]+\d|\d\d?\.\d\d?\.\d{4}", re.I)


def key(line: str) -> str:
    """A line as repetition compares it: spacing and case folded."""
    return " ".join(line.split()).casefold()


def countable(line: str) -> bool:
    """A line that may be furniture by repetition: short, no sentence, no date."""
    s = line.strip()
    return 0 < len(s) <= _LONGEST and not _TERMINAL.search(s) and not _DATEISH.search(s)


class Learner:
    """Counts, over the pages of one import, on how many pages each countable line occurs."""

    def __init__(self, min_pages: int = MIN_PAGES):
        self.min_pages = min_pages
        self._counts: dict[int, int] = {}
        self.learned: set[str] = set()

    def add(self, text: str) -> None:
        # hash() is enough here: counts stay in this process; only the learned lines travel
        for k in {key(ln) for ln in text.splitlines() if countable(ln)}:
            h = hash(k)
            n = self._counts.get(h, 0) + 1
            self._counts[h] = n
            if n == self.min_pages:
                self.learned.add(k)

    def add_all(self, texts: Iterable[str]) -> frozenset[str]:
        for t in texts:
            self.add(t)
        return frozenset(self.learned)


def learn(texts: Iterable[str], min_pages: int = MIN_PAGES) -> frozenset[str]:
    """The furniture lines of a set of pages' texts."""
    return Learner(min_pages).add_all(texts)


# --------------------------------------------------------------------------
# Chrome by shape

_SP = r"[ \u00a0]"
_MENU = re.compile(r"[^|\n]*\|[^|\n]*\|")  # two bars or more: "Home | About | News"
_PAIR_MENU = re.compile(r"[^|\n]{1,30}\|[^|\n]{1,30}$")  # "EN | RU", "Русский | English"
_CRUMB = re.compile(r"[^>»›\n]{1,60}(?:[>»›][^>»›\n]{1,60})+$")
_COUNTER = re.compile(rf"(?:showing|results?|displaying|items?|page){_SP}+\d[\d,]*{_SP}*(?:[-\u2013]|to){_SP}*\d[\d,]*{_SP}+of{_SP}+\d", re.I)
_PAGER = re.compile(r"^(?=.*[«‹›»])[^.!?]{0,120}$|^(?:(?:first|previous|next|last|prev)\b[^.!?]{0,80}\d)", re.I)
_LABEL = re.compile(rf"([A-Z][\w\-.']*(?:{_SP}[\w\-.']+){{0,2}}){_SP}*:{_SP}*\S")
_NAME_LABEL = re.compile(rf"[A-Z][\w\-.']*(?:{_SP}[A-Z][\w\-.']*)+")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b)|all\s+rights\s+reserved", re.I)
_BYLINE = re.compile(rf"[Bb]y{_SP}+[^.!?\n]{{1,40}}$")
_WORD = re.compile(r"[^\W\d_]+")


# A media advisory's "Who: …" / "What: …" / "Where: …" / "When: …": labels however long their value.
_ADVISORY = re.compile(rf"(?:who|what|where|when){_SP}*:{_SP}*\S", re.I)
_ADVISORY_LONGEST = 400


# "12 likes · 3 shares", "8 likes", "1.2K views": a post's counters.
_SOCIAL = re.compile(rf"(?:\d[\d,.]*[KkMm]?{_SP}+(?:likes?|shares?|comments?|views?|reposts?|retweets?|reactions?|replies)"
                     rf"{_SP}*[\u00b7|\u2022,]?{_SP}*){{1,6}}$", re.I)


# "Page 2 of 3", "- 2 -", "2/3": a printed page's number.
_PAGE_NUMBER = re.compile(rf"(?:page{_SP}+)?\d{{1,3}}(?:{_SP}*(?:of|/){_SP}*\d{{1,3}})?$|[-\u2013\u2014]{_SP}*\d{{1,3}}{_SP}*[-\u2013\u2014]$", re.I)


def _hashtags(line: str) -> bool:
    """"#Summit #Baku": a post's tags, every word a hashtag."""
    return line.startswith("#") and all(w.startswith("#") and len(w) > 1 for w in line.split())


def shape(line: str) -> Optional[str]:
    """The furniture kind of a (stripped) line by its shape alone, or ``None``."""
    if len(line) <= 20 and _PAGE_NUMBER.match(line):
        return "nav"
    if line[:1].isdigit() and len(line) < 80 and _SOCIAL.match(line):
        return "nav"
    if len(line) <= _ADVISORY_LONGEST and line[:1] in "Ww#":
        if _ADVISORY.match(line):
            return "meta"
        if _hashtags(line):
            return "tags"
    # length tests first: most lines are long paragraphs, and a search over one costs its length
    if len(line) < 160 and _COPYRIGHT.search(line):
        return "footer"
    if len(line) > 60 and _TERMINAL.search(line):
        return None  # a sentence
    if _MENU.match(line) or _PAIR_MENU.match(line):
        return "nav"
    if _COUNTER.match(line) or _PAGER.match(line):
        return "nav"
    if _CRUMB.match(line) and not _TERMINAL.search(line):
        return "nav"
    m = _LABEL.match(line)
    # "Topic: Elections", "Reading time: 3 min"; not "Nikolai Petrov: the session will …" (a quote's headline)
    if m and len(line) - m.end(1) <= 80 and len(m.group(1)) <= 30 and not _NAME_LABEL.fullmatch(m.group(1)):
        return "meta"
    if _BYLINE.match(line):
        return "byline"
    return None


def section_title(line: str) -> bool:
    """A short heading without a date or a stop: "News and announcements", "Most read", "Politics"."""
    return (len(_WORD.findall(line)) <= 3 and not any(c.isdigit() for c in line)
            and not _TERMINAL.search(line) and len(line) <= 40)


def sentence(line: str) -> bool:
    """A line of prose (a closing stop after a few words), or too long to be anything but prose."""
    return len(line) > _LONGEST or (bool(_TERMINAL.search(line)) and len(_WORD.findall(line)) >= 4)
