"""Which reports an event was merged from: the releases whose sentences report it.

A merged event keeps the mentions of the events folded into it (their
``merged_into`` points at it, perhaps through a chain), so the window can say
"merged from N reports" and open the other releases that report it. A report
is a release: the same teaser on several pages, or a near-duplicate copy
folded into its release, is one report.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..queries import merged_family
from ..store import Store

# The event and every event merged into it, however deep the chain, then their mentions' releases.
_REPORTS = merged_family("SELECT ? AS id") + """
SELECT i.release_id, coalesce(r.title, '') FROM mentions m
JOIN family f ON f.id = m.event_id
JOIN items i ON i.id = m.item_id
LEFT JOIN releases r ON r.id = i.release_id
GROUP BY i.release_id ORDER BY min(m.id)
"""


@dataclass(frozen=True)
class Reports:
    releases: list[tuple[int, str]]  # (live release id, title) of each release reporting the event, first first

    @property
    def count(self) -> int:
        return len(self.releases)

    @property
    def merged(self) -> bool:
        return self.count > 1

    def others(self, release_id: int | None) -> list[tuple[int, str]]:
        """The releases reporting it other than ``release_id``, each as the live release now showing it."""
        return [r for r in self.releases if r[0] != release_id]


def event_reports(store: Store, event_id: int) -> Reports:
    """The reports an event was merged from (one, for an event nobody merged)."""
    rows = store.db.execute(_REPORTS, [event_id]).fetchall()
    live: dict[int, str] = {}
    for release_id, title in rows:
        # a release folded into another is shown by the one it was folded into
        root = store.live_root("releases", release_id)
        if root not in live:
            live[root] = title if root == release_id else _title(store, root)
    return Reports(list(live.items()))


def _title(store: Store, release_id: int) -> str:
    row = store.db.execute("SELECT coalesce(title, '') FROM releases WHERE id = ?", [release_id]).fetchone()
    return row[0] if row else ""
