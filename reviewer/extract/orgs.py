"""Organizations and bodies taking part in an event, written as the text writes them.

Two shapes make up nearly all of them on the CSTO pages:

* a capitalised phrase ending in a body noun, with its complements:
  "CSTO Crisis Response Center", "Working Group on X under the CSTO Y Council",
  "Military Academy of the General Staff of the Armed Forces of …";
  a complement never starts with a person's title ("… under the Chairman of
  the …" ends the name) and never runs into a person's name;
* acronyms and runs of them: "UNOCT", "SCO RATS", "CIS ATC".

"Full Name (ACR)" is written as the acronym, even where the full name came
first (the guideline: "acronym where the text uses one"). Names that denote the same body ("CSTO Council of Foreign
Ministers" and "Council of Ministers of Foreign Affairs of the Collective
Security Treaty Organization", or "CSC" once "(CSC)" was defined) are kept
once, in their first form. The CSTO itself and states are never listed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from ..model import KnownEntities, Span, Value
from . import budget, dates
from .gazetteer import BODY_HEADS, MONTHS, NATIONALITIES, NON_NAME_WORDS, REGIONAL_ADJECTIVES, STATES, TITLES, alternation
from .scanning import quotations, trailing_words_start

# Words of a name are apart by spaces, or by one line break where a PDF's text wrapped the line.
_SP = r"(?:[ \u00a0]+|[ \u00a0]*\n[ \u00a0]*)"
_CAPW = r"(?:[A-Z][\w\u2019'\-]*)"
# Words that start a person's title end a body's name: "… under the Chairman of …",
# "Joint Staff of the CSTO Colonel General …". ("General" is left out: "General Staff".)
_TITLE_WORD = alternation(
    ("Chairman", "Chairwoman", "Chairperson", "Chair", "Secretary", "President", "Vice", "Minister", "Prime", "Director",
     "Commander", "Ambassador", "Speaker", "Rector", "Colonel", "Lieutenant", "Admiral", "Marshal", "Captain",
     "Deputy", "Head", "Chief", "Adviser", "Advisor", "Mr", "Mrs", "Ms", "Dr", "Acting", "Professor", "Envoy",
     # ranks: "… of the Republic of Belarus Major General …", "Rear Admiral"
     "Major", "Rear", "Sergeant")
)
_HEAD = rf"(?:{alternation(BODY_HEADS)})(?![\w\-])"
_ACR_PAREN = r"\((?P<{g}>[A-Z][A-Za-z]{{1,9}})(?:,[^()\n]{{0,40}})?\)"
# Months end a name too: "… Council of Foreign Ministers November 22, 2023".
_MONTH = alternation(m.capitalize() for m, n in MONTHS.items() if len(m) > 3 or m == "may")
# … and so do weekdays: "the General Election Commission on Wednesday".
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_CAPW_NT = rf"(?!(?:{_TITLE_WORD}|{_MONTH}|{_WEEKDAY})\b){_CAPW}"
# "… Fight against Organized Crime": "against" joins capitalised words of one name as "of" does.
# "… Co-operation in Europe": a continent is part of a name ("in Minsk" is where a body met).
_CHAIN = (rf"{_CAPW_NT}(?:{_SP}(?:{_CAPW_NT}|(?:of|for|on|against)(?:{_SP}the)?(?={_SP}[A-Z])|and(?={_SP}[A-Z](?!he\b))"
          rf"|in(?={_SP}(?:Central{_SP}|South{_SP}|North{_SP}|East{_SP}|West{_SP})?(?:Europe|Asia|Africa)\b)))*")
# A field office's place is part of its name: "OSCE Mission to Skopje", "Programme Office in Bishkek".
_POSTED_HEAD = re.compile(r"(?:Mission|Office|Centre|Center|Academy|Delegation|Representation|Embassy)$")
_STATE_NAMES = frozenset(STATES)
_POSTED_TO = re.compile(rf"{_SP}(?:to|in){_SP}(?:the{_SP})?[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?(?![\w\-])")
_CAPS = rf"{_CAPW_NT}(?:{_SP}{_CAPW_NT})*"
# A committee's topics may be a list: "Committee on Defence, Security, Law Enforcement and Information Policy".
_TOPIC_LIST = rf"{_SP}on{_SP}{_CAPS}(?:,{_SP}{_CAPS})+,?{_SP}and{_SP}{_CAPS}"
_COMPLEMENT = rf"(?:{_TOPIC_LIST}|{_SP}(?:of|on|for|under){_SP}(?:the{_SP})?{_CHAIN})"
_NAMED_RE = re.compile(
    # "Black Sea and Caspian Security Organization": "and" inside the words before the head
    rf"(?<![\w\-])(?:{_CAPW_NT}{_SP}(?:and{_SP}(?=[A-Z]))?){{0,6}}{_HEAD}"
    # a proper name in quotes inside the body's name: 'Training Center "Unity" of the Armed Forces …'
    rf"(?:{_SP}[\"\u201c\u00ab][A-Z][^\"\u201c\u201d\u00ab\u00bb\n]{{0,30}}[\"\u201d\u00bb](?={_COMPLEMENT}))?"
    rf"(?:[ \u00a0]*\([A-Z]{{2,9}}\))?(?:{_COMPLEMENT})*"
    rf"(?:[ \u00a0]*{_ACR_PAREN.format(g='acr')})?"
)
_ACRONYM_RE = re.compile(r"(?<![\w\-(])[A-Z][A-Z0-9]{1,7}(?:[ \u00a0]+[A-Z][A-Z0-9]{1,7})*(?![\w\-])")
# "the UN" as a body (not "UN operations", not "UN Security Council").
_UN_ALONE = re.compile(r"\s*(?:[,.;)]|and\b|$)")
_ROMAN = re.compile(r"[IVXLC]+$")
_QUOTES = ("\"", "\u201c", "\u201d", "\u00ab", "\u00bb")
# Acronyms that are not taking-part organizations: the CSTO itself, states,
# terrorist groups the texts talk about, and everyday abbreviations.
_ACRONYM_STOP = {
    "CSTO", "ODKB", "UN", "USSR", "USA", "US", "UK", "RF", "RK", "KR", "RT", "RA", "RB", "RUz", "ISIS", "ISIL",
    "IS", "DAESH", "COVID", "TV", "HQ", "ID", "IT", "GMT", "OK", "NB", "PhD", "CEO", "AM", "PM", "VS", "MP",
    "JPG", "JPEG", "PNG", "PDF", "CBRN",
}
# CSTO bodies' own abbreviations, so "CSC" is known to be the Collective Security Council.
_ALIASES = {
    "CSC": "Collective Security Council", "CFM": "Council of Foreign Ministers",
    "CMFA": "Council of Ministers of Foreign Affairs", "CMD": "Council of Defence Ministers",
    "CSSC": "Committee of Secretaries of Security Councils", "PA": "Parliamentary Assembly",
    "ICMEC": "Interstate Commission on Military-Economic Cooperation",
    "CRRF": "Collective Rapid Reaction Forces", "CPF": "Collective Peacekeeping Forces",
    "CRC": "Crisis Response Center", "JS": "Joint Staff",
}
# A body named as the subject of talks, not a participant: "cooperation with the CIS and the SCO".
# … or the author of a decision the event carries out: "in accordance with the decision of the CSC".
# … or whose chairmanship is talked about: "the priorities of the Kazakh chairmanship in the SCO".
_TOPIC = re.compile(
    r"\b(?:cooperation|interaction|relations|partnership|contacts|dialogue|ties)\s+(?:of\s+the\s+\w+\s+)?with\s+"
    r"(?:the\s+)?(?:[A-Z][\w\-]*(?:\s+|,\s*|\s+and\s+)(?:the\s+)?)*$"
    r"|\b(?:cooperation|interaction|relations|partnership|contacts|dialogue|ties)\s+between\s+(?:the\s+)?"
    r"(?:CSTO|Organi[sz]ation|two\s+organi[sz]ations|(?:[A-Z][\w\-]*\s+){1,5})\s*and\s+(?:the\s+)?$"
    r"|\b(?:decisions?|resolutions?|charter|mandate|statute|instructions?)\s+of\s+(?:the\s+)?$"
    r"|\bchairmanship\s+in\s+(?:the\s+)?$"
    # "with the support of the LWC", "following an invitation from the Electoral Commission": a sponsor or an
    # inviter helps the event happen; it does not take part in it
    r"|\bwith\s+the\s+(?:\w+\s+)?support\s+of\s+(?:the\s+)?$|\bsupported\s+by\s+(?:the\s+)?$"
    r"|\binvitation\s+(?:of|from)\s+(?:the\s+)?$"
)
# A body whose coming meeting is prepared or sent papers: "discussed the preparation of the session of
# the Collective Security Council", "the draft agenda of the Council of Foreign Ministers meeting",
# "documents to be submitted to the Council of Foreign Ministers". Not a participant of the event
# reported, unless the sentence dates that meeting: then it announces it, and the body takes part in it.
_PREPARED = re.compile(
    r"\b(?:preparations?|preparing|prepare|agenda|submitted|submit|forwarded|sent)\s+"
    r"(?:(?:of|for|to)\s+|for\s+consideration\s+(?:to|by)\s+)(?:the\s+)?"
    r"(?:(?:[\w\-]+\s+){0,2}(?:meeting|session|summit)s?\s+of\s+(?:the\s+)?)?"
    # "… the Council of Foreign Ministers and the Council of Heads of State": both meetings are prepared
    r"(?:[A-Z][\w\-]*(?:\s+(?:[A-Z][\w\-]*|of|for|the))*\s+and\s+(?:the\s+)?)?$"
    # "recommended it for approval by the Council of Heads of State": sent papers, not taking part
    r"|\b(?:for|to)\s+(?:approval|adoption|signing|signature|consideration)\s+(?:by|at|of)\s+(?:the\s+)?$"
)
# A venue is a place, not a body: "in front of the Hofburg Congress Centre", "the … Logistics Centre".
_VENUE = re.compile(r"\b(?:Congress|Conference|Convention|Exhibition|Expo|Business|Press|Logistics|Shopping|Trade|Sports?|"
                    r"Cultural|Concert|Event|Visitor)s?[ \u00a0]+(?:Centre|Center|Hall|Palace|Complex)\b")
# A body named as the owner of a place: "at the Bagramyan training ground of the Armed Forces of …".
_PLACE_OF = re.compile(r"\b(?:training\s+ground|(?:firing|training|shooting)\s+range|airfield|polygon|test\s+site)\s+of\s+"
                       r"(?:the\s+)?$")
# Two-word names that do name one body on these pages.
_SHORT_BODIES = {frozenset({"joint", "staff"}), frozenset({"parliamentary", "assembly"}),
                 frozenset({"state", "duma"}), frozenset({"federation", "council"})}
_MEMBER_STATES = re.compile(r"[ \u00a0]+member[ \u00a0]+(?:states|countries)")
_ITS_STATES = re.compile(r"(?:[ \u00a0]+and[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][A-Z0-9]{1,7})?"
                         r"[ \u00a0]+(?:member[ \u00a0]+)?(?:states|countries|nations)\b")
_PAREN = re.compile(r"\([^()]*\)")
_WORDS = re.compile(r"[\w\-]+")
_ACR_AND = re.compile(r"[A-Z][A-Z0-9]{1,7}[ \u00a0]+and[ \u00a0]+(?:the[ \u00a0]+)?(?=[A-Z])")
_LEAD_WORD = re.compile(r"([A-Z][\w\u2019'\-]*)[ \u00a0]+")
_TRAILING_SMALL = frozenset({"of", "the", "for", "on", "under", "and"})
#: Distinct bodies one item lists at most (each new one is compared with all kept).
MAX_ORGS = 100
_HEAD_RE = re.compile(_HEAD)
_COMP_WORD = re.compile(rf"{_SP}(?:of|on|for|under){_SP}")
_INNER_ACR = re.compile(r"\(([A-Z]{2,9})\)")
_NONSPACE = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"[a-z]{3,}")
_ANY_PAREN = re.compile(r"\([^()\n]{1,60}\)")
_LEAD_STOP = {"The", "A", "An", "On", "In", "At", "During", "From", "Following", "After", "For", "By", "With",
              "This", "That", "These", "Its", "Their", "Both", "Today", "Also", "Meanwhile", "Then", "Under"}
# "republic" tells no body from another: "Mazhilis of Kazakhstan" is the "Mazhilis of the Parliament of the
# Republic of Kazakhstan", "Ministry of Defence of the Republic of Belarus" not that "of the Republic of Armenia"
_STOP = {"the", "of", "on", "and", "under", "for", "in", "to", "a", "an", "affairs", "csto", "republic"}
_SELF = re.compile(
    r"[ \u00a0]+of[ \u00a0]+the[ \u00a0]+(?:Collective[ \u00a0]+Security[ \u00a0]+Treaty[ \u00a0]+Organi[sz]ation|CSTO|Organi[sz]ation)$"
)
_CSTO_ITSELF = {frozenset(), frozenset({"collective", "security", "treaty", "organization"}),
                frozenset({"organization"}), frozenset({"organisation"})}


# "the Chief of the CSTO Joint Staff …": a body named only as a person's post is not
# taking part by that (the seed gold leaves such bodies out) — unless "under the
# Chairman of the Commission", which is the structure of a body's own name.
_ROLE_OF = re.compile(
    rf"(?<!under the )\b(?:{alternation(t for t in TITLES if not t.endswith('.'))})[ \u00a0]+(?:of|at)[ \u00a0]+(?:the[ \u00a0]+)?$"
)
# … written before the post as well: "with the participation of CSTO Secretariat expert Natalia Ivanova".
_POST_AFTER = re.compile(
    rf"[ \u00a0]+(?:(?:(?:senior|chief|leading)[ \u00a0]+)?(?:experts?|officers?|specialists?|employees?)|"
    rf"(?:{alternation(t for t in TITLES if not t.endswith('.'))})|chief|head|director|chairman|spokes(?:man|woman|person))"
    rf"[ \u00a0]+[A-Z][a-z]"
)
# … but the counterpart's body in a meeting of two is: "met with the Head of the UNRCCA".
_BILATERAL = re.compile(r"\b(?:met|meetings?|talks|negotiations|consultations|received|conversation|"
                        r"videoconference|call)\b", re.I)
_COUNTERPART = re.compile(r"\b(?:with|and|between|met|received)[ \u00a0]+(?:the[ \u00a0]+)?")
# "the Organization" alone is the CSTO; "the Shanghai Cooperation Organization" is not.
_OURS = re.compile(r"\bCSTO\b|Collective Security Treaty|\bthe[ \u00a0]+Organi[sz]ation\b")
# … unless that body is a state's own: "met with the Secretary of the Security Council of the Republic
# of Armenia" names the person's post, the state takes part through them (seed and dev gold alike).
_STATE_BODY = re.compile(
    rf"\bof[ \u00a0]+(?:the[ \u00a0]+)?(?:{alternation(STATES)})$"
    rf"|^(?:{alternation(NATIONALITIES)})[ \u00a0]"
)


# Words that mark an intergovernmental body rather than a state's: "Eurasian Economic Commission",
# "Executive Committee of the Northern Lakes Union", "LWC Mission to Latvia", "United Nations Centre …".
_INTERNATIONAL_WORD = re.compile(
    r"\b(?:United[ \u00a0]+Nations|International|Interstate|Intergovernmental|Inter-Parliamentary|Eurasian|European|"
    r"Commonwealth|Union|Organi[sz]ation|Mission|Community|Alliance)\b")
_ACR_WORD = re.compile(r"(?<![\w\-])[A-Z][A-Z0-9]{1,7}(?![\w\-])")


# Words of a state's own bodies: "State Duma Committee on Defence", "Ministry of Water", "National Guard".
_STATE_WORD = re.compile(r"\b(?:Ministry|Ministries|State|Duma|Government|National|Parliament|Senate|Majlis\w*|Mazhilis|"
                         r"Kenesh|Rada|Presidential|President's|Federal|Police|Prosecutor\w*|Armed|Army|Border|Customs|"
                         r"Municipal|City|Regional[ \u00a0]+Administration)\b")


def _international(f: "_Found") -> bool:
    """Whether a body is another organization's (an acronym or an intergovernmental word in its name)."""
    for n in f.names:
        if _INTERNATIONAL_WORD.search(n):
            return True
        if any(a not in _ACRONYM_STOP for a in _ACR_WORD.findall(n)):
            return True
    return False


_STATE_OWNS = re.compile(rf"\b(?:{alternation(STATES)})(?:'s|\u2019s)[ \u00a0]+$")


def _in_role(text: str, sp: Span, f: "_Found") -> bool:
    """Whether ``f`` is named only as someone's post, and not as the counterpart's own body."""
    start = f.whole.start
    before = text[max(sp.start, start - 8) : start].replace("\u00a0", " ")
    # "the Head of the UNRCCA …" or "CSTO Secretariat expert Natalia …"
    if not ((before.endswith(("of the ", "of ", "at the ", "at ")) and _ROLE_OF.search(text, max(sp.start, start - 70), start))
            or _POST_AFTER.match(text, f.whole.end, sp.end)):
        return False
    if any(_STATE_BODY.search(n) for n in f.names) or _STATE_OWNS.search(text, max(sp.start, start - 40), start):
        return True
    if (_international(f) or not any(_STATE_WORD.search(n) for n in f.names)) and not _OURS.search(text, start, f.whole.end):
        # "Director of the RATS SCO Executive Committee Rustam …", "the Head of the LWC Mission to Latvia, …",
        # "the Chair of the Committee on Energy, …": another organization takes part through its officer (the
        # CSTO's own bodies and states' do not)
        return False
    if not _BILATERAL.search(text, sp.start, sp.end):
        return True
    last = None
    for last in _COUNTERPART.finditer(text, sp.start, start):  # noqa: B007 - runs to the last match
        pass
    return last is None or bool(_OURS.search(text, last.end(), f.whole.end))


# Names recur across an import's pages ("the Permanent Council", "CSTO Secretariat"): each is read once.
@lru_cache(maxsize=8192)
def key(name: str) -> frozenset[str]:
    """Words that identify a body, without "CSTO", "of the CSTO" and filler words."""
    name = _SELF.sub("", _PAREN.sub(" ", name).strip())
    words = _WORDS.findall(name.casefold())
    return frozenset(w for w in words if w not in _STOP)


# "Council of Ministers of Foreign Affairs of the Commonwealth of Independent States" is the "CIS Council of
# Ministers of Foreign Affairs": a trailing "of the <Capitalised Name>" also reads as its initials.
_OF_NAME = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+(?:(?:of|and|for)\s+)?[A-Z][\w\-]*)+)\s*$")


def key_forms(name: str) -> list[frozenset[str]]:
    """A body's :func:`key`, and the same with a trailing full name written as its initials."""
    out = [key(name)]
    m = _OF_NAME.search(name)
    if m:
        initials = "".join(w[0] for w in _CAP_WORDS.findall(m.group(1))).casefold()
        if len(initials) >= 3:
            out.append(key(name[: m.start()]) | {initials})
    return out


@lru_cache(maxsize=8192)
def _initials(name: str) -> frozenset[str]:
    """"United Nations Office on Drugs and Crime" → {"unodc"}: the acronym the text may use for it
    (three letters at least: two say too little to tell bodies apart). An acronym inside the name stands
    for its letters and each part of a hyphenated word for its own: "UN Office of Counter-Terrorism" is
    also "UNOCT", "Regional Anti-Terrorist Structure" also "RATS"."""
    words = _CAP_WORDS.findall(_PAREN.sub(" ", name))
    out = {"".join(w[0] for w in words).casefold(),
           "".join(w if w.isupper() else "".join(p[:1] for p in w.split("-") if p[:1].isupper()) for w in words).casefold()}
    return frozenset(a for a in out if len(a) >= 3)


_CAP_WORDS = re.compile(r"(?<![\w\-])[A-Z][\w\-]*")


def _name_keys(name: str) -> set[frozenset[str]]:
    """The keys a body's name is known by: its words, and each acronym its initials spell."""
    return {key(name), *(frozenset({i}) for i in _initials(name))}


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return a == b or len(a & b) / len(a | b) >= 0.6


class _Found:
    """A body found in the text; ``whole`` is all the text it covers (a full name behind its acronym)."""

    def __init__(self, value: str, span: Span, conf: float, keys: set[frozenset[str]], whole: Optional[Span] = None,
                 full: Optional[str] = None):
        self.value, self.span, self.conf, self.keys = value, span, conf, keys
        self.whole = whole or span
        # every name it is written under: "UNOCT" and "UN Office of Counter-Terrorism"
        self.names = {value, full or value}
        self.defined = full is not None  # "Full Name (ACR)": the acronym the text itself gives


def _strip_lead(text: str, start: int, end: int) -> int:
    """Drop sentence-initial words and possessives before the name proper ("The", "Organization's")."""
    while True:
        m = _LEAD_WORD.match(text, start, end)
        if not m:
            return start
        w = m.group(1)
        if w in _LEAD_STOP or w.endswith(("'s", "\u2019s")):
            start = m.end()
            continue
        return start


def _name_start(text: str, start: int, end: int) -> int:
    """Where a body's name proper starts: after sentence-initial words, and after "ACR and" ("the LWC and
    Nordic Lakes Union" are two bodies, the acronym read on its own)."""
    start = _strip_lead(text, start, end)
    while (joined := _ACR_AND.match(text, start, end)) is not None:
        start = joined.end()
    return start


def _cut_at(text: str, names: Iterable[str], start: int, end: int) -> int:
    """End a name before a person's name that a greedy complement swallowed.

    Every written occurrence counts, not only where the person was found: a person found in the
    headline is named again in the body, right after a body's name ("… on Drugs and Crime Ghada Waly")."""
    for name in names:
        i = text.find(name, start + 1, end)
        while i > 0:
            if not (text[i - 1].isalnum() or text[i + len(name) : i + len(name) + 1].isalnum()):
                end = i
                break
            i = text.find(name, i + 1, end)
    return end


# A body a release names by its common noun alone ("the Executive Committee held …", "a meeting of the
# Permanent Council") is the publisher's own body taking part: it acts in the sentence, or meets.
_ACTS_AFTER = re.compile(
    r"[ \u00a0]+(?:(?:also|then|later|jointly|again)[ \u00a0]+)?(?:held|hosted|organi[sz]ed|convened|adopted|approved|"
    r"met|welcomed|launched|opened|conducted|signed|co-organi[sz]ed|took[ \u00a0]+part)\b")
# … or whose people come ("experts of the Executive Committee"), or who organizes the event ("organized by the
# Executive Committee"), or whom a speaker addresses ("will present the priorities to the Permanent Council").
_MEETS_BEFORE = re.compile(r"\b(?:(?:meeting|session|sitting|plenary|experts?|representatives|officials|staff|"
                           r"delegations?)[ \u00a0]+of|(?:organi[sz]ed|co-organi[sz]ed|hosted|convened|chaired|directed|"
                           r"conducted)[ \u00a0]+by|addressed|briefed|addressing|briefing)[ \u00a0]+the[ \u00a0]+$", re.I)
_ADDRESSED_TO = re.compile(r"\b(?:to|before)[ \u00a0]+the[ \u00a0]+$")
_SPEAKS_TO = re.compile(r"\b(?:present|report|brief|speak|spoke|address|deliver)", re.I)
_THE_BEFORE = re.compile(r"\b[Tt]he[ \u00a0]+$")


def _acting(text: str, sp: Span, start: int, end: int, words: list[str]) -> bool:
    """Whether a short body name ("the Permanent Council", "the Secretariat") acts or meets in the sentence."""
    if len(words) == 1 and words[0] != "Secretariat":
        return False
    return _in_action(text, sp, start, end)


def _in_action(text: str, sp: Span, start: int, end: int) -> bool:
    before = text[max(sp.start, start - 40) : start]
    if _MEETS_BEFORE.search(before):
        return True
    if _ADDRESSED_TO.search(before) and _SPEAKS_TO.search(text, max(sp.start, start - 120), start):
        return True
    return bool(_THE_BEFORE.search(before)) and bool(_ACTS_AFTER.match(text, end, sp.end))


#: How far back a body's common noun looks for the full name it stands for (an item's length, about).
_ANTECEDENT_WINDOW = 1500


_OF_THE = re.compile(r"\b(?:to|of|for|with|in|at|from|on|under|and)[ \u00a0]+the[ \u00a0]+$")


def _antecedent(text: str, sp: Span, start: int, end: int) -> Optional[_Found]:
    """"The next meeting of the Mechanism is scheduled …" after "the Joint Incident Prevention Mechanism met
    …": a body's bare head noun that meets or acts stands for the full name written shortly before it."""
    if not _THE_BEFORE.search(text, max(0, start - 5), start) or not _in_action(text, sp, start, end):
        return None
    if (not _MEETS_BEFORE.search(text, max(sp.start, start - 40), start)
            and _OF_THE.search(text, max(sp.start, start - 12), start)):
        return None  # "the Council of Permanent Representatives to the Union met": the Council acts
    head = text[start:end]
    found = None
    for m in _NAMED_RE.finditer(text, max(0, sp.start - _ANTECEDENT_WINDOW), sp.start):
        if m.group().endswith(head):
            a = _strip_lead(text, m.start(), m.end())
            if " " in text[a : m.end()]:
                found = Span(a, m.end())
    if found is None:
        return None
    raw = text[found.start : found.end]
    return _Found(raw, found, 0.6, _name_keys(raw))


_OF_TAIL = re.compile(r"[ \u00a0]of[ \u00a0]+(?:the[ \u00a0]+)?")


def _parents_acronym(full: str, acr: str) -> bool:
    """Whether "(ACR)" after ``full`` abbreviates only the organization its name ends in, not the body."""
    a = acr.casefold()
    if a in _initials(full) or full.startswith(("Organization", "Organisation")):
        return False  # "Organization of the Black Sea Economic Cooperation (BSEC)" is what BSEC stands for
    for m in _OF_TAIL.finditer(full):
        tail = full[m.end() :]
        # "… of the SCO Regional Anti-Terrorist Structure (RATS)": the parent's acronym may skip a grandparent's
        if a in _initials(tail) or a in _initials(_LEAD_ACRONYMS.sub("", tail)):
            return True
    return False


_LEAD_ACRONYMS = re.compile(r"^(?:[A-Z][A-Z0-9]{1,7}[ \u00a0]+)+")


def _defined(raw: str, start: int, m: re.Match, acr: str) -> _Found:
    """A body written "Full Name (ACR)": the acronym, as the guideline prefers, standing for the full name."""
    full = raw[: raw.rfind("(")].rstrip()
    if _parents_acronym(full, acr):
        # "the Council of the LWC Regional Water Structure (RWS)": the acronym is the parent's, the body
        # is the Council, written whole
        return _Found(full, Span(start, start + len(full)), 0.85, _name_keys(full))
    keys = _name_keys(raw) | {frozenset({acr.casefold()}), key(full)}
    if acr in _ALIASES:
        keys.add(key(_ALIASES[acr]))
    a = m.start("acr")
    return _Found(acr, Span(a, a + len(acr)), 0.85, keys, Span(start, m.end()), full)


def _named(text: str, sp: Span, names: set[str]) -> list[_Found]:
    out = []
    for m in _NAMED_RE.finditer(text, sp.start, sp.end):
        start = _name_start(text, m.start(), m.end())
        end = _cut_at(text, names, start, m.end())
        cut = end < m.end()
        if not cut and _POSTED_HEAD.search(text, start, end) and (posted := _POSTED_TO.match(text, end, sp.end)):
            after = text[posted.end() : posted.end() + 3]
            place = text[posted.start() : posted.end()].split()[-1]
            # not "Office in Bishkek Ivan Petrov" (unless a state: "Mission to Georgia Kristiina Saar")
            if not (after[:1] == " " and after[1:2].isupper()) or place in _STATE_NAMES:
                end = posted.end()
        raw = text[start:end]
        if cut:  # trailing "of the" left in front of the person
            raw = raw[: trailing_words_start(raw, _TRAILING_SMALL, separators_too=True)]
            end = start + len(raw)
        head_match = _HEAD_RE.search(raw)
        if not head_match:
            continue
        states = _MEMBER_STATES.match(text, m.end())
        if states:
            # "the Armed Forces of the CSTO member states": generic, not a body; but one council
            # "of the CIS member states" is a body, named with its "member states"
            head = head_match.group()
            if cut or head.endswith("s") or not _COMP_WORD.search(raw):
                continue
            end = states.end()
            raw = text[start:end]
        k = key(raw)
        if k in _CSTO_ITSELF or (head_match.group() == "Commonwealth" and not _COMP_WORD.search(raw)):
            continue  # "the Commonwealth's heads", "Silk Road Commonwealth to hold drills": no name of a body
        words = raw.split()
        has_acr = any(w.isupper() and len(w) > 1 for w in words)
        has_comp = bool(_COMP_WORD.search(raw))
        if (len(words) < 3 and not has_acr and not has_comp and k not in _SHORT_BODIES and words[0] not in REGIONAL_ADJECTIVES
                and not _acting(text, sp, start, end, words)):
            if len(words) == 1 and (named := _antecedent(text, sp, start, end)) is not None:
                out.append(named)
            continue  # "the Ministerial Council": too generic to name a body
        acr = m.group("acr") if not cut else None
        if acr:
            out.append(_defined(raw, start, m, acr))
            continue
        keys = _name_keys(raw)
        for inner in _INNER_ACR.findall(raw):
            if inner in _ALIASES:
                keys.add(key(_ALIASES[inner]))
            if raw.find("(") > 0 and _COMP_WORD.search(raw, 0, raw.find("(")) is None:
                keys.add(frozenset({inner.casefold()}))
        conf = 0.85 if (has_acr or has_comp) else 0.7
        keys.update(key_forms(raw))
        # "the Nordic\nRivers Council": a name a PDF's line wrapped is written on one line
        out.append(_Found(" ".join(raw.split()) if "\n" in raw else raw, Span(start, end), conf, keys))
    return out


def _acronyms(text: str, sp: Span, taken: list[Span]) -> list[_Found]:
    out = []
    for m in _ACRONYM_RE.finditer(text, sp.start, sp.end):
        if any(t.start <= m.start() < t.end for t in taken):
            continue
        if text[m.start() - 1 : m.start()] in _QUOTES and text[m.end() : m.end() + 1] in _QUOTES:
            continue  # 'operation "PROXY"': the name of an operation or exercise, not a body
        if _ITS_STATES.match(text, m.end()):
            # "the services of the SCO member states", "students from the LWC countries", "the NLU and LWC
            # states": the states, not the organization
            continue
        # keep the run's useful part: "CSTO CSC" → "CSC"; stop words end it
        toks = list(_NONSPACE.finditer(m.group()))
        if m.group() == "UN" and _UN_ALONE.match(text, m.end()):
            out.append(_Found("UN", Span(m.start(), m.end()), 0.7, {frozenset({"un"}), key("United Nations")}))
            continue
        good = [t for t in toks if t.group() not in _ACRONYM_STOP and not _ROMAN.match(t.group())]
        if not good:
            continue
        a, b = m.start() + good[0].start(), m.start() + good[-1].end()
        value = text[a:b]
        if any(t.group() in _ACRONYM_STOP or _ROMAN.match(t.group()) for t in toks if a - m.start() <= t.start() < b - m.start()):
            a = m.start() + good[-1].start()
            value = text[a:b]
        keys = {frozenset({value.casefold()})}
        if value in _ALIASES:
            keys.add(key(_ALIASES[value]))
        out.append(_Found(value, Span(a, b), 0.75, keys))
    return out


# Bodies whose names have no body noun: found as written.
_NO_HEAD_BODIES = ("United Nations", "Interpol", "INTERPOL", "Europol", "Red Cross", "Red Crescent",
                   "Commonwealth of Independent States")


_NO_HEAD_ACR = {"United Nations": "un", "Commonwealth of Independent States": "cis"}


def _known(text: str, sp: Span, known: Optional[KnownEntities]) -> list[_Found]:
    names = _NO_HEAD_BODIES + tuple(sorted(known.organizations)) if known and known.organizations else _NO_HEAD_BODIES
    pat = _known_re(names)
    return [_Found(m.group(), Span(m.start(), m.end()), 0.9,
                   {key(m.group())} | ({frozenset({_NO_HEAD_ACR[m.group()]})} if m.group() in _NO_HEAD_ACR else set()))
            for m in pat.finditer(text, sp.start, sp.end)]


_KNOWN_CACHE: dict[tuple, re.Pattern] = {}


def _known_re(names: tuple) -> re.Pattern:
    pat = _KNOWN_CACHE.get(names)
    if pat is None:
        if len(_KNOWN_CACHE) > 8:
            _KNOWN_CACHE.clear()
        pat = _KNOWN_CACHE[names] = re.compile(rf"(?<![\w\-])(?:{alternation(names)})(?![\w\-])")
    return pat


def _starts(a: str, b: str) -> bool:
    """Whether the name ``b`` (three words at least) is how ``a`` starts: a headline's "Committee on Energy",
    then "the Committee on Energy and Transport of the Assembly"."""
    wa, wb = a.split(), b.split()
    return 3 <= len(wb) < len(wa) and wa[: len(wb)] == wb


def _fuller(a: str, b: str) -> bool:
    """Whether ``a`` writes out the body ``b`` names shortly: a headline's "Council of Heads of
    Government" or "… of the CIS", then the full name ("… of the Commonwealth of Independent States")."""
    ka, kb = key(a), key(b)
    if len(kb) >= 3 and kb < ka and not ka - kb <= {"member", "states", "countries"}:
        return True
    if _starts(a, b):
        return True
    forms = key_forms(a)
    return len(forms) > 1 and forms[1] == kb


def _parent_of_another(f: _Found, kept: list[_Found]) -> bool:
    if not (f.value.isupper() or f.value in _NO_HEAD_BODIES):
        return False
    short = {next(iter(k)) for k in f.keys if len(k) == 1} | {f.value.casefold()}
    starts = tuple(w + " " for w in short)
    # "UNOCT" is written for "UN Office of Counter-Terrorism (UNOCT)": its full name counts;
    # "SCO" beside the "RATS SCO Executive Committee" is that body's parent
    # "CSRS" beside "… of the Commonwealth of Silk Road States": the body's own organization
    return any(g is not f and any(n.casefold().startswith(starts) or short & set(n.casefold().split()[:-1])
                                  or short & key_forms(n)[-1] for n in g.names) for g in kept)


# "the UN Secretary-General António Guterres": the UN takes part through its officer (as "the UNODC
# Executive Director …" does); not "the Special Representative of the UN Secretary General", a post's post.
_UN_OFFICERS = ("Secretary-General", "Secretary General", "Deputy Secretary-General", "Deputy Secretary General",
                "Under-Secretary-General", "Assistant Secretary-General", "Special Representative", "Special Envoy",
                "Envoy", "Resident Coordinator", "High Commissioner", "High Representative", "Special Rapporteur",
                "Coordinator", "Representative")
_UN_TITLE = re.compile(rf"(?<![\w\-])UN[ \u00a0]+(?=(?:{alternation(_UN_OFFICERS)})(?![\w\-]))")
_POST_OF = re.compile(r"\bof[ \u00a0]+(?:the[ \u00a0]+)?$")


def _un_by_title(text: str, sp: Span) -> list[_Found]:
    if text.find("UN", sp.start, sp.end) < 0:  # cheap test before the regex
        return []
    return [_Found("UN", Span(m.start(), m.start() + 2), 0.7, {frozenset({"un"}), key("United Nations")})
            for m in _UN_TITLE.finditer(text, sp.start, sp.end)
            if not _POST_OF.search(text, max(sp.start, m.start() - 8), m.start())]


# A news agency hosting a press conference, named in quotes after what it is:
# "held a press conference at the international news agency “Rossiya Segodnya”".
_AGENCY = re.compile(
    r"\b(?:at|in)[ \u00a0]+the[ \u00a0]+(?:[\w\-]+[ \u00a0]+){0,6}?(?:agency|press[ \u00a0]+cent(?:er|re))"
    r"[ \u00a0]+[\"\u201c\u00ab](?P<name>[A-Z][^\"\u201c\u201d\u00ab\u00bb\n]{1,40})[\"\u201d\u00bb]"
)


# … or before it: "at the press centre of the Baltinfo news agency".
_AGENCY_BEFORE = re.compile(
    r"\b(?:at|of)[ \u00a0]+the[ \u00a0]+(?P<name>[A-Z][\w\-]+(?:[ \u00a0][A-Z][\w\-]+){0,2})[ \u00a0]+"
    r"(?:(?:international|national|state|information)[ \u00a0]+)?(?:news[ \u00a0]+)?agency\b")
# A convention's governing body: "the Meeting of the Parties to the Water Convention", "Conference of the Parties".
_PARTIES = re.compile(
    r"(?<![\w\-])(?:Meeting|Conference)[ \u00a0]+of[ \u00a0]+(?:the[ \u00a0]+)?Parties(?:[ \u00a0]+to[ \u00a0]+the"
    r"(?:[ \u00a0]+[A-Z][\w\-]*){1,6})?")


def _agencies(text: str, sp: Span) -> list[_Found]:
    out = []
    if text.find("agency", sp.start, sp.end) >= 0 or text.find("press cent", sp.start, sp.end) >= 0:
        out = [_Found(m.group("name"), Span(m.start("name"), m.end("name")), 0.7, {key(m.group("name"))})
               for pat in (_AGENCY, _AGENCY_BEFORE) for m in pat.finditer(text, sp.start, sp.end)
               if not all(w.casefold() in NON_NAME_WORDS for w in m.group("name").split())]
    if text.find("Parties", sp.start, sp.end) >= 0:
        out += [_Found(m.group(), Span(m.start(), m.end()), 0.7, {key(m.group())})
                for m in _PARTIES.finditer(text, sp.start, sp.end)]
    return out




def _not_taking_part(text: str, sp: Span, f: _Found, quotes: list[tuple[int, int]]) -> bool:
    """Named in a title or a quotation, as the owner of a place, or as a body whose meeting is prepared."""
    start = f.whole.start
    # 'a round table “The CSTO and the Eurasian Economic Union: …”': a title's words, not a participant
    if any(a < start and f.whole.end < b for a, b in quotes):
        return True
    if _VENUE.search(text, start, f.whole.end):
        return True
    before = max(sp.start, start - 90)
    if _PLACE_OF.search(text, before, start):
        return True
    if _PREPARED.search(text, before, start):
        return not any(not h.reference for h in dates.find_dates(text, f.whole.end, sp.end))
    return False


def find_orgs(text: str, spans: list[Span], people: Sequence[Span] = (),
              known: Optional[KnownEntities] = None) -> list[Value]:
    """Organizations in the given sentences, each body once, in order of first mention."""
    found: list[_Found] = []
    names = {text[p.start : p.end] for p in people if p.end > p.start}
    for sp in spans:
        budget.check()
        quotes = quotations(text, sp.start, sp.end)
        named = _named(text, sp, names)
        taught = _known(text, sp, known)
        taken = [f.whole for f in named + taught]
        # the parenthesised acronym of a named body is part of it, not another body
        for m in _ANY_PAREN.finditer(text, sp.start, sp.end):
            taken.append(Span(m.start(), m.end()))
        taken += [s for s in people]
        # a headline in capitals is all "acronyms": read only its named bodies
        acronyms = _acronyms(text, sp, taken) if _LOWER_WORD.search(text, sp.start, sp.end) else []
        items = sorted(taught + named + acronyms + _un_by_title(text, sp), key=lambda f: f.span.start)
        for f in items:
            if any(g.span.start <= f.span.start and f.span.end <= g.span.end for g in taught if g is not f):
                continue
            if f in taught and any(n.whole.start <= f.span.start and f.span.end <= n.whole.end for n in named):
                continue  # "Red Cross" inside "the International Committee of the Red Cross"
            if _in_role(text, sp, f) or _not_taking_part(text, sp, f, quotes):
                continue
            found.append(f)
        found += _agencies(text, sp)
    found = [f for f in found if not _TOPIC.search(text, max(0, f.span.start - 90), f.span.start)]
    kept: list[_Found] = []
    for f in found:
        for g in kept:
            if any(_same(a, b) for a in f.keys for b in g.keys) or _starts(f.value, g.value) or _starts(g.value, f.value):
                g.keys |= f.keys
                g.conf = max(g.conf, f.conf)
                g.names |= f.names
                if f.defined and not g.defined:  # the text's own acronym, wherever it defines it
                    g.value, g.span, g.defined = f.value, f.span, True
                elif not g.defined and not f.defined and _fuller(f.value, g.value):
                    g.value, g.span = f.value, f.span
                break
        else:
            if len(kept) < MAX_ORGS:
                kept.append(f)
    # "the UN" or "the CIS" beside a body of its own ("UN Office of …", "CIS Executive Committee") is that body
    kept = [f for f in kept if not _parent_of_another(f, kept)]
    return [Value(f.value, f.span, f.conf) for f in kept]
