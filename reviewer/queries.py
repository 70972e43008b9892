"""SQL fragments that several layers read by the same rule, each defined once here.

The review layer (the release list's flags, the status bar's count), the
duplicate search (the Duplicates dialog), the export and the store's counts
must agree on these, and most of them may not import each other, so they
live below all of them.
"""


def live(alias: str = "") -> str:
    """An event that counts: not deleted and not merged into another (``alias``: the events table's alias)."""
    p = f"{alias}." if alias else ""
    return f"{p}deleted = 0 AND {p}merged_into IS NULL"


#: :func:`live` for the events table unaliased, and aliased ``e``.
LIVE = live()
LIVE_E = live("e")

#: A candidate pair (alias ``c``) still to decide: open or put off, and both of
#: its events live. The duplicates dialog lists these; the release list's flag
#: and the status bar's count use the same test, so a pair whose event was
#: deleted or merged elsewhere flags nothing.
UNDECIDED = (
    "c.status IN ('open', 'later')"
    f" AND EXISTS (SELECT 1 FROM events ea WHERE ea.id = c.event_a AND {live('ea')})"
    f" AND EXISTS (SELECT 1 FROM events eb WHERE eb.id = c.event_b AND {live('eb')})"
)


def release_events(release: str) -> str:
    """The ids of the events a release's page shows (``release``: an SQL expression for its id).

    Its own events and those its items' sentences report, each taken to the
    live event its ``merged_into`` chain ends at, if that one is not deleted:
    a merge moves the absorbed event's sentences to the survivor, which may
    belong to another release, and a later copy of an item reports the event
    its release's event was merged into. The release list's count, the page's
    event list and the release's history all read this one definition.
    """
    return ("WITH RECURSIVE up(id) AS ("
            f"SELECT e.id FROM events e WHERE e.release_id = {release}"
            f" UNION SELECT m.event_id FROM items i JOIN mentions m ON m.item_id = i.id WHERE i.release_id = {release}"
            " UNION SELECT ev.merged_into FROM events ev JOIN up ON ev.id = up.id WHERE ev.merged_into IS NOT NULL)"
            f" SELECT x.id FROM up JOIN events x ON x.id = up.id WHERE {live('x')}")


def merged_family(seeds: str) -> str:
    """``WITH RECURSIVE family(id, root)``: every event whose ``merged_into`` chain ends at a seed event
    (``seeds``: a query of one column ``id``, e.g. ``SELECT value AS id FROM json_each(:ids)``), with that seed.

    The one walk down the merge links (``Store.live_root`` walks up): an
    event's sources, its history and the releases reporting it include the
    events merged into it, however deep. The walk starts at the seeds, so a
    corrupt cycle with no seed in it is never entered; UNION stops any other.
    """
    return (f"WITH RECURSIVE family(id, root) AS (SELECT s.id, s.id FROM ({seeds}) AS s"
            " UNION SELECT events.id, family.root FROM events JOIN family ON events.merged_into = family.id) ")
