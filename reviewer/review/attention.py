"""What needs a reviewer's attention: the one definition the row flag, the filters, the counts and the jump key share.

A value *needs attention* when the extractor was unsure of it (confidence
below :data:`LOW_CONFIDENCE`) and no reviewer has set it or said it is right
("checked"): an event's scalar fields (its ``confidence`` JSON, minus
``edited_fields`` and ``checked_fields``), and each participant (name and
role share one confidence) and organization row (its ``confidence``, minus
``checked``). A duplicate pair needs attention while it is undecided
(:data:`reviewer.queries.UNDECIDED`, the Duplicates dialog's own
test).

The SQL fragments and the Python checks below are built from the same
constants, so what the list flags, what its filter lists, what the status bar
counts and what ``attention_left`` names are the same values.
"""
from __future__ import annotations

from typing import Iterable

from ..queries import LIVE_E, UNDECIDED

#: A field confidence below this is marked for the reviewer. Migration 12's
#: partial indexes (``event_participants_low``, ``event_organizations_low``)
#: repeat this literal: SQLite uses a partial index only when the query's
#: condition is the same, so a test keeps the two equal.
LOW_CONFIDENCE = 0.6

#: The event fields with a confidence of their own, in the editor's order.
SCALAR_FIELDS = ("date_start", "date_end", "event_type", "status", "location", "online")
#: The event's lists, each row with its own confidence.
LIST_FIELDS = ("participants", "organizations")
#: The field name a jump lands on for an undecided duplicate pair.
PAIR_FIELD = "duplicates"

FIELD_LABELS = {"date_start": "start date", "date_end": "end date", "event_type": "type", "status": "status",
                "location": "location", "online": "online", "participants": "participant",
                "organizations": "organization"}

_L = repr(LOW_CONFIDENCE)
_SCALARS = ", ".join(f"'{f}'" for f in SCALAR_FIELDS)


def is_low(confidence: float, settled: bool) -> bool:
    """The Python side of the rule: a doubtful value nobody has set or checked."""
    return not settled and confidence < LOW_CONFIDENCE


def scalar_settled(name: str, edited_fields: Iterable[str], checked_fields: Iterable[str]) -> bool:
    # A value a reviewer set is trusted whatever the extractor's confidence was; so is one they checked.
    return name in edited_fields or name in checked_fields


def _list_low(table: str, alias: str, event: str) -> str:
    return f"SELECT 1 FROM {table} {alias} WHERE {alias}.event_id = {event}.id AND {alias}.confidence < {_L} AND {alias}.checked = 0"


def scalar_low_sql(e: str = "e") -> str:
    """``json_each`` rows (alias ``j``) of event ``e``'s low, unsettled scalar fields: use after ``FROM``."""
    return (f"json_each({e}.confidence) j WHERE j.key IN ({_SCALARS}) AND j.value < {_L}"
            f" AND instr({e}.edited_fields, '\"' || j.key || '\"') = 0"
            f" AND instr({e}.checked_fields, '\"' || j.key || '\"') = 0")


def event_low_sql(e: str = "e") -> str:
    """True when event ``e`` (a row alias) holds a value that needs attention."""
    return (f"(EXISTS (SELECT 1 FROM {scalar_low_sql(e)})"
            f" OR EXISTS ({_list_low('event_participants', 'lp', e)})"
            f" OR EXISTS ({_list_low('event_organizations', 'lo', e)}))")


#: A live event (alias ``e``): not deleted, not merged into another (reviewer.queries.live).
LIVE = LIVE_E

#: Release ``r`` has an own live event with a value that needs attention (the row's red "!").
RELEASE_LOW = f"EXISTS (SELECT 1 FROM events e WHERE e.release_id = r.id AND {LIVE} AND {event_low_sql('e')})"

#: Release ``r`` has an event in a duplicate pair still to decide (the row's purple corner).
RELEASE_PAIRS = (
    "(EXISTS (SELECT 1 FROM events e JOIN dup_candidates c ON c.event_a = e.id WHERE e.release_id = r.id"
    f" AND {UNDECIDED}) OR EXISTS (SELECT 1 FROM events e JOIN dup_candidates c"
    f" ON c.event_b = e.id WHERE e.release_id = r.id AND {UNDECIDED}))"
)

#: Release ``r`` needs attention: a low value or an undecided pair.
RELEASE_NEEDS_ATTENTION = f"({RELEASE_LOW} OR {RELEASE_PAIRS})"

#: How many values need attention over every live event (the status bar's "low values left").
LOW_VALUES_COUNT = (
    f"SELECT (SELECT count(*) FROM events e, {scalar_low_sql('e')} AND {LIVE})"
    f" + (SELECT count(*) FROM event_participants p JOIN events e ON e.id = p.event_id"
    f" WHERE p.confidence < {_L} AND p.checked = 0 AND {LIVE})"
    f" + (SELECT count(*) FROM event_organizations o JOIN events e ON e.id = o.event_id"
    f" WHERE o.confidence < {_L} AND o.checked = 0 AND {LIVE})"
)

#: An undecided pair (alias ``c``) touching one of the events whose ids are bound as a JSON list (``:ids``).
PAIRS_OF_EVENTS = (
    f"{UNDECIDED} AND (c.event_a IN (SELECT value FROM json_each(:ids)) OR c.event_b IN (SELECT value FROM json_each(:ids)))"
)


def percent(confidence: float) -> str:
    return f"{confidence:.0%}".replace("%", " %")
