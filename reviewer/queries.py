"""SQL fragments that several layers read by the same rule, each defined once here.

The review layer (the release list's flags, the status bar's count) and the
duplicate search (the Duplicates dialog) must agree on these, and neither may
import the other, so they live below both.
"""

#: A candidate pair (alias ``c``) still to decide: open or put off, and both of
#: its events live. The duplicates dialog lists these; the release list's flag
#: and the status bar's count use the same test, so a pair whose event was
#: deleted or merged elsewhere flags nothing.
UNDECIDED = (
    "c.status IN ('open', 'later')"
    " AND EXISTS (SELECT 1 FROM events ea WHERE ea.id = c.event_a AND ea.deleted = 0 AND ea.merged_into IS NULL)"
    " AND EXISTS (SELECT 1 FROM events eb WHERE eb.id = c.event_b AND eb.deleted = 0 AND eb.merged_into IS NULL)"
)
