"""Child process of the concurrency stress test: one reviewer's window, without Qt.

    python concurrent_editor.py DATABASE NAME SEED EVENT_IDS STOP_FILE MIN_EDITS

Opens one of EVENT_IDS (comma-separated) as the window does (``service.event``),
makes one to three edits from what it shows, passing what was shown as
``expected`` (values are unique to this reviewer and edit, so the test can
chain them), and moves on; like the window, it reloads an event after a
refusal. It visits every event once, and every other visit is to one of the
first five; it stops once STOP_FILE exists, it has made MIN_EDITS attempts
and every event has had its visit.
Every attempt prints one JSON line: ``{"op", "event", "row", "expected",
"new", "saved"}`` and, when refused, ``"message"``.
"""
from __future__ import annotations

import json
import os
import random
import sys
from datetime import date, timedelta
from functools import partial

from reviewer.review import ReviewService
from reviewer.store import Store, StoreError


def main() -> None:
    path, name, seed, ids, stop, least = sys.argv[1:7]
    rng = random.Random(int(seed))
    events = [int(i) for i in ids.split(",")]
    first_day = date(2030 if name == "anna" else 2060, 1, 1)
    with Store(path) as store:
        svc = ReviewService(store, name)
        n = 0
        tour = rng.sample(events, len(events))  # every event once, in this reviewer's own order
        visits = 0
        while n < int(least) or tour or not os.path.exists(stop):
            # every other visit falls on one of a few events, so the two reviewers meet often
            visits += 1
            event_id = tour.pop() if tour and visits % 2 else rng.choice(events[:5] if visits % 2 == 0 else events)
            shown = svc.event(event_id)  # the window shows it; the other reviewer may change it meanwhile
            for _ in range(rng.randint(1, 3)):
                n += 1
                op = rng.choice(["location", "location", "dates", "role", "add_person", "add_org"])
                tag = f"{name}-{n}"
                if op == "location":
                    row, expected, new = event_id, shown.location, tag
                    call = partial(svc.set_field, event_id, "location", new, expected=expected)
                elif op == "dates":
                    day = (first_day + timedelta(days=n)).isoformat()
                    row, expected, new = event_id, [shown.date_start, shown.date_end], [day, day]
                    call = partial(svc.set_dates, event_id, day, day, expected=tuple(expected))
                elif op == "role" and shown.participants:
                    p = rng.choice(shown.participants)
                    row, expected, new = p.id, [p.name, p.role], tag
                    call = partial(svc.set_participant, row, role=new, expected=tuple(expected))
                elif op == "add_org":
                    row, expected, new = event_id, None, f"Council {tag}"
                    call = partial(svc.add_organization, event_id, new)
                else:
                    op, row, expected, new = "add_person", event_id, None, f"Person {tag}"
                    call = partial(svc.add_participant, event_id, new, "observer")
                line = {"op": op, "event": event_id, "row": row, "expected": expected, "new": new}
                try:
                    edit = call()
                    line["saved"] = bool(edit.changes)
                except StoreError as exc:  # a refusal (a ReviewError) or a database that would not take it
                    line.update(saved=False, message=str(exc), kind=type(exc).__name__)
                print(json.dumps(line), flush=True)
                if not line["saved"]:
                    break  # the window reloads the event after a refusal
                shown = svc.event(event_id)  # and after its own save


if __name__ == "__main__":
    main()
