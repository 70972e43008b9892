"""How good the automatic extraction was on this database's own reviewed work.

``reviewer accuracy`` and Help ▸ Extraction accuracy read it from what the
database already records: every correction is in the audit log with its old
value, so the extractor's value of a field is the ``old`` of the first change
a reviewer made to it (the current value when nobody touched it), and the
verified value is the current one.

What is counted:

- **Verified events**: live (not deleted, not merged away) extracted events
  whose review status is verified. For each, the six scalar fields (dates,
  type, status, location, online) are compared exactly, and participants and
  organizations as lists: *precision* is the share of the extractor's names
  the reviewer kept, *recall* the share of the verified names the extractor
  had (names compared after folding case and spaces, so a renamed person is
  one miss and one wrong name).
- **Missed**: events a reviewer added by hand that are verified.
- **Spurious**: extracted events a reviewer deleted, in verified releases.

Events read in from another database's export (``import-events``) have no
extractor values here and are left out. "Reviewer" is whoever verified the
event (for a spurious one, who deleted it); "month" is the month the event's
page was first imported. Changes by ``system`` (import, re-extraction, merges
nobody chose) are the extractor's own doing, never a correction.

The list fields are rebuilt by walking the reviewers' audit rows backwards
from the current rows: an added row is taken away, a removed one put back, a
rename turned back, and a merge or an import that replaced the whole list
puts back the list it logged as ``old``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from .export.dataset import snapshot
from .model import SCALAR_FIELDS
from .names import name_key
from .queries import LIVE
from .store import SYSTEM, Store

LIST_FIELDS = ("participants", "organizations")
_TABLES = {"participants": "event_participants", "organizations": "event_organizations"}
_FIELD_OF_TABLE = {t: f for f, t in _TABLES.items()}
#: Ids per query: below SQLite's default limit of bound variables.
_CHUNK = 500


@dataclass
class Correction:
    """One field where the verified value differs from the extractor's."""

    event_id: int
    release_id: Optional[int]
    field: str
    extracted: Any
    verified: Any

    def as_dict(self) -> dict:
        return {"event_id": self.event_id, "release_id": self.release_id, "field": self.field,
                "extracted": self.extracted, "verified": self.verified}


@dataclass
class Tally:
    """The counts of one group (everything, one reviewer, one month)."""

    verified: int = 0
    corrected: int = 0  # verified events with at least one field changed
    missed: int = 0
    spurious: int = 0
    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCALAR_FIELDS, 0))
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCALAR_FIELDS, 0))
    # per list field: names the extractor gave, names verified, names in both
    names: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in LIST_FIELDS})

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"verified": self.verified, "corrected": self.corrected,
                               "missed": self.missed, "spurious": self.spurious, "fields": {}}
        for f in SCALAR_FIELDS:
            n = self.checked[f]
            out["fields"][f] = {"checked": n, "correct": self.correct[f],
                                "accuracy": self.correct[f] / n if n else None}
        for f in LIST_FIELDS:
            extracted, verified, kept = self.names[f]
            out["fields"][f] = {"extracted": extracted, "verified": verified, "kept": kept,
                                "precision": kept / extracted if extracted else None,
                                "recall": kept / verified if verified else None}
        return out


def accuracy(store: Store) -> dict:
    """The report as a plain dict: ``all``, ``by_reviewer``, ``by_month`` (each a :class:`Tally`) and ``corrections``."""
    with snapshot(store):
        return _Report(store).build()


class _Report:
    def __init__(self, store: Store):
        self.store = store
        self.total = Tally()
        self.by_reviewer: dict[str, Tally] = defaultdict(Tally)
        self.by_month: dict[str, Tally] = defaultdict(Tally)
        self.corrections: list[Correction] = []

    def groups(self, reviewer: Optional[str], month: Optional[str]) -> list[Tally]:
        return [self.total, self.by_reviewer[reviewer or "(nobody)"], self.by_month[month or "(unknown)"]]

    def build(self) -> dict:
        events = self.store.rows(
            "SELECT id, release_id, origin, reviewer, " + ", ".join(SCALAR_FIELDS) +
            f" FROM events WHERE {LIVE} AND review_status = 'verified'"
            " AND origin IN ('extracted', 'manual') ORDER BY id")
        spurious = self._spurious()
        months = self._import_months({e["release_id"] for e in events} | {s["release_id"] for s in spurious})
        extracted = [e for e in events if e["origin"] == "extracted"]
        originals = self._original_scalars([e["id"] for e in extracted])
        lists = self._lists([e["id"] for e in extracted])
        for ev in events:
            groups = self.groups(ev["reviewer"], months.get(ev["release_id"]))
            if ev["origin"] == "manual":
                for g in groups:
                    g.missed += 1
                continue
            found = self._compare(ev, originals.get(ev["id"], {}), lists)
            for g in groups:
                g.verified += 1
                g.corrected += bool(found)
                for f in SCALAR_FIELDS:
                    g.checked[f] += 1
                    g.correct[f] += f not in found
                for f in LIST_FIELDS:
                    before, after = lists[f][0].get(ev["id"], []), lists[f][1].get(ev["id"], [])
                    counts = g.names[f]
                    counts[0] += len(before)
                    counts[1] += len(after)
                    counts[2] += _common(before, after)
        for s in spurious:
            for g in self.groups(s["who"], months.get(s["release_id"])):
                g.spurious += 1
        return {
            "all": self.total.as_dict(),
            "by_reviewer": {k: v.as_dict() for k, v in sorted(self.by_reviewer.items())},
            "by_month": {k: v.as_dict() for k, v in sorted(self.by_month.items())},
            "corrections": [c.as_dict() for c in self.corrections],
        }

    def _compare(self, ev: dict, originals: dict[str, Any], lists: dict) -> set[str]:
        """The fields of ``ev`` a reviewer changed, each recorded as a :class:`Correction`."""
        changed = set()
        for f in SCALAR_FIELDS:
            before = originals.get(f, ev[f])
            if before != ev[f]:
                changed.add(f)
                self.corrections.append(Correction(ev["id"], ev["release_id"], f, _shown(f, before), _shown(f, ev[f])))
        for f in LIST_FIELDS:
            before, after = lists[f][0].get(ev["id"], []), lists[f][1].get(ev["id"], [])
            if sorted(map(_fold, before)) != sorted(map(_fold, after)):
                changed.add(f)
                self.corrections.append(Correction(ev["id"], ev["release_id"], f, before, after))
        return changed

    # -- reading ---------------------------------------------------------------

    def _chunks(self, sql: str, ids: list[int], extra: Iterable[Any] = ()) -> Iterable[tuple]:
        """Run ``sql`` (its ``{ids}`` a list of placeholders) over ``ids`` a chunk at a time."""
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            yield from self.store.db.execute(sql.format(ids=",".join("?" * len(chunk))), [*extra, *chunk])

    def _reviewer_rows(self, table: str, ids: list[int], fields: Iterable[str]) -> Iterable[tuple]:
        names = list(fields)
        return self._chunks(
            f"SELECT id, action, row_id, field, old, new FROM audit_log WHERE table_name = ? AND who != ?"
            f" AND field IN ({','.join('?' * len(names))}) AND row_id IN ({{ids}}) ORDER BY id",
            ids, [table, SYSTEM, *names])

    def _original_scalars(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """For each event, the value of each scalar field before a reviewer first changed it."""
        out: dict[int, dict[str, Any]] = defaultdict(dict)
        for _id, _action, row_id, f, old, _new in self._reviewer_rows("events", ids, SCALAR_FIELDS):
            if f not in out[row_id]:  # the first change holds the extractor's value
                out[row_id][f] = _decode(f, old)
        return out

    def _lists(self, ids: list[int]) -> dict[str, tuple[dict[int, list[str]], dict[int, list[str]]]]:
        """Per list field: ``(extractor's names, verified names)`` of each event."""
        return {f: self._list(f, ids) for f in LIST_FIELDS}

    def _list(self, f: str, ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        table = _TABLES[f]
        # the current rows: row id -> (event, name)
        rows: dict[int, dict[Any, str]] = defaultdict(dict)
        for rid, eid, name in self._chunks(
                f"SELECT id, event_id, name FROM {table} WHERE event_id IN ({{ids}}) ORDER BY event_id, position, id",
                ids):
            rows[eid][rid] = name
        verified = {eid: list(r.values()) for eid, r in rows.items()}
        owner = {rid: eid for eid, r in rows.items() for rid in r}
        steps = self._list_steps(f, table, ids, owner)
        # walk back from now to before the first reviewer's change
        for _id, eid, kind, row_id, value in sorted(steps, reverse=True):
            state = rows[eid]
            if kind == "reset":  # a whole list replaced at once (a merge, an import): its logged old list
                rows[eid] = {("was", i): n for i, n in enumerate(value)}
            elif kind == "insert":
                state.pop(row_id, None)
            elif kind == "delete" or (kind == "rename" and row_id in state):
                state[row_id] = value
        return {eid: list(r.values()) for eid, r in rows.items()}, verified

    def _list_steps(self, f: str, table: str, ids: list[int], owner: dict[int, int]) -> list[tuple]:
        """The reviewers' changes to ``f`` of events ``ids``: ``(audit id, event, kind, row id, value)``."""
        wanted = set(ids)
        steps = []
        for aid, _action, eid, _f, old, _new in self._reviewer_rows("events", ids, [f]):
            steps.append((aid, eid, "reset", None, [_list_name(x) for x in json.loads(old or "[]")]))
        # rows of this table a reviewer added, removed or renamed; a removed row's event is in its logged copy
        audit = self.store.db.execute(
            "SELECT id, action, row_id, field, old, new FROM audit_log WHERE table_name = ? AND who != ?"
            " AND (field IS NULL OR field = 'name') ORDER BY id", [table, SYSTEM]).fetchall()
        # a renamed row's event: the row's own now, or a later logged copy of it (row ids can be reused after a
        # delete, so each rename takes the copy logged next after it)
        later_copy: dict[int, int] = {}
        for aid, _action, row_id, column, old, new in reversed(audit):
            if column is None:
                copy = json.loads(new if new is not None else old)
                later_copy[row_id] = copy["event_id"]
                kind = "insert" if new is not None else "delete"
                if copy["event_id"] in wanted:
                    steps.append((aid, copy["event_id"], kind, row_id, copy["name"]))
            else:
                eid = later_copy.get(row_id, owner.get(row_id))
                if eid in wanted:
                    steps.append((aid, eid, "rename", row_id, old))
        return steps

    def _spurious(self) -> list[dict]:
        """Extracted events a reviewer deleted, in verified releases, with who deleted them."""
        rows = self.store.rows(
            "SELECT e.id, e.release_id FROM events e JOIN releases r ON r.id = e.release_id"
            " WHERE e.deleted = 1 AND e.merged_into IS NULL AND e.origin = 'extracted' AND r.status = 'verified'"
            " ORDER BY e.id")
        if not rows:
            return []
        who: dict[int, str] = {}
        for row_id, name in self._chunks(
                "SELECT row_id, who FROM audit_log WHERE table_name = 'events' AND field = 'deleted' AND new = '1'"
                " AND who != ? AND row_id IN ({ids}) ORDER BY id", [r["id"] for r in rows], [SYSTEM]):
            who[row_id] = name  # the last deletion is the one that stands
        return [{**r, "who": who[r["id"]]} for r in rows if r["id"] in who]

    def _import_months(self, release_ids: set[Any]) -> dict[int, Optional[str]]:
        ids = sorted(r for r in release_ids if r is not None)
        return {rid: (first or "")[:7] or None for rid, first in self._chunks(
            "SELECT i.release_id, min(d.imported_at) FROM items i JOIN documents d ON d.id = i.document_id"
            " WHERE i.release_id IN ({ids}) GROUP BY i.release_id", ids)}


def _decode(f: str, logged: Optional[str]) -> Any:
    """A value as the audit log wrote it, back to the column's value (online is logged as JSON 0/1)."""
    if f == "online":
        return int(json.loads(logged)) if logged is not None else 0
    return logged


def _shown(f: str, value: Any) -> Any:
    return bool(value) if f == "online" else value


def _list_name(entry: Any) -> str:
    """A name from a logged list: merges log names, imports log ``[name, role]`` pairs."""
    return str(entry[0] if isinstance(entry, (list, tuple)) else entry)


def _fold(name: str) -> str:
    return name_key(str(name))


def _common(before: list[str], after: list[str]) -> int:
    """How many names the two lists share (as multisets, names folded)."""
    left: dict[str, int] = defaultdict(int)
    for n in before:
        left[_fold(n)] += 1
    hits = 0
    for n in after:
        if left[_fold(n)] > 0:
            left[_fold(n)] -= 1
            hits += 1
    return hits


def ratio_text(value: Optional[float]) -> str:
    """A share with three decimals; a dash when there was nothing to count."""
    return "–" if value is None else f"{value:.3f}"


def summary_line(t: dict) -> str:
    """One group on one line: its events, the scalar fields' accuracy and the lists' precision/recall."""
    scalars = [t["fields"][f] for f in SCALAR_FIELDS]
    checked = sum(s["checked"] for s in scalars)
    fields = sum(s["correct"] for s in scalars) / checked if checked else None
    lists = ", ".join(f"{f} P {ratio_text(t['fields'][f]['precision'])} R {ratio_text(t['fields'][f]['recall'])}"
                      for f in LIST_FIELDS)
    return (f"{t['verified']} verified ({t['corrected']} corrected), {t['missed']} missed, "
            f"{t['spurious']} spurious; fields {ratio_text(fields)}; {lists}")


def report_lines(report: dict) -> list[str]:
    """The plain-text report ``reviewer accuracy`` prints."""
    t = report["all"]
    if not (t["verified"] or t["missed"] or t["spurious"]):
        return ["no verified events yet: verify some releases in the window, then ask again"]
    lines = [(f"verified extracted events {t['verified']} ({t['corrected']} corrected), "
              f"missed (added by reviewers) {t['missed']}, spurious (deleted by reviewers) {t['spurious']}"),
             "field            correct / checked   accuracy"]
    for f in SCALAR_FIELDS:
        s = t["fields"][f]
        lines.append(f"  {f:<14} {s['correct']:>7} / {s['checked']:<7}   {ratio_text(s['accuracy'])}")
    for f in LIST_FIELDS:
        s = t["fields"][f]
        lines.append(f"  {f:<14} extracted {s['extracted']}, verified {s['verified']}, kept {s['kept']}: "
                     f"precision {ratio_text(s['precision'])}, recall {ratio_text(s['recall'])}")
    for title, key in (("by reviewer", "by_reviewer"), ("by month of import", "by_month")):
        lines.append(title)
        lines += [f"  {name}: {summary_line(g)}" for name, g in report[key].items()]
    if report["corrections"]:
        lines.append("corrections")
        for c in report["corrections"]:
            was, now_ = value_text(c["extracted"]), value_text(c["verified"])
            if c["field"] in LIST_FIELDS:
                was, now_ = f"[{was}]", f"[{now_}]"
            lines.append(f"  event {c['event_id']} (release {c['release_id']}) {c['field']}: {was} → {now_}")
    return lines


def value_text(v: Any) -> str:
    """A field's value as the report shows it: a list joined, ``None`` as "nothing"."""
    if isinstance(v, list):
        return ", ".join(v)
    return "nothing" if v is None else str(v)
