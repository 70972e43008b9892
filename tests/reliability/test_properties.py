"""Property-based tests over ingest, extraction and the whole import.

Any text imports without an exception, and every stored span lies inside its
document with the text it claims: the review window highlights these offsets,
so one wrong span shows the reviewer the wrong words.
"""
from __future__ import annotations

import itertools
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.importing import ingest
from reviewer.extract import extract_item
from reviewer.model import KnownEntities, Span
from reviewer.importing.pipeline import import_paths
from reviewer.store import Store

RELIABILITY = settings.get_profile("reliability")

# Pieces of real pages (see DESIGN.md, domain notes), glued at random with noise between them.
FRAGMENTS = [
    "On 20 December", "On December 11, 2024,", "On 10 and 11 December", "From 1 to 23 April 2024", "17-18 April 2024",
    "On December 2, this year,", "On 31 February 2024", "On 0 May", "On 29 February", "23.12.2014", "31.04.2021",
    "23.12.2014The December 2014 session", "CSTO Secretary General Imangali Tasmagambetov",
    "Taalatbek Masadykov, the CSTO Deputy Secretary General", "S. Ordabayev", "Samat Ordabaev", "the Minister",
    "held a meeting with", "took part in", "met", "visited", "was held", "will be held", "consultations",
    "a joint training session", "briefing", "ceremony", "operation", "in Moscow", "in Minsk, Belarus",
    "via videoconference", "the CSTO Joint Staff", "the UN Security Council", "the CIS ATC", "the SCO RATS",
    "“Al-Qaeda”", "«quoted»", "(Photo gallery)", "(Video)", "Go back", "* * *", "+7-495-795-27-10",
    "E-mail: press@odkb.int", "photo_1.jpg IMG_2.JPG", "Press secretary", "_____", ".", ",", ";", "!", "?", "…",
    "the delegation", "and", "of the", "Ministers met in Bishkek",
]
SPACES = [" ", " ", " ", "\u00a0", "", "  ", "\t", "\u2009"]
NEWLINES = ["\n", "\n", "\r\n", "\r", "\n\n", "\n \n"]

noise = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
fragment = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), noise)


@st.composite
def lines(draw) -> str:
    parts = draw(st.lists(fragment, max_size=9))
    seps = draw(st.lists(st.sampled_from(SPACES), min_size=len(parts), max_size=len(parts)))
    return "".join(itertools.chain.from_iterable(zip(parts, seps))).rstrip(" ") + draw(st.sampled_from(["", ".", ".", "…"]))


@st.composite
def pages(draw) -> str:
    body = draw(st.lists(lines(), max_size=14))
    seps = draw(st.lists(st.sampled_from(NEWLINES), min_size=len(body), max_size=len(body)))
    return "".join(itertools.chain.from_iterable(zip(body, seps)))


any_text = st.one_of(pages(), pages(), st.text(max_size=400))


def _inside(span: Span, text: str) -> bool:
    return 0 <= span.start <= span.end <= len(text)


def _check_page_spans(page) -> None:
    text = page.text
    for f in page.furniture:
        assert _inside(f.span, text), f
    for item in page.items:
        assert _inside(item.span, text)
        assert item.segments, item
        previous = item.span.start
        for seg in item.segments:
            assert previous <= seg.start < seg.end <= item.span.end, (item, seg)
            assert not text[seg.start].isspace() and not text[seg.end - 1].isspace()
            previous = seg.end
        if item.headline is not None:
            assert item.span.contains(item.headline)
        if item.dateline_span is not None:
            assert _inside(item.dateline_span, text)


@settings(RELIABILITY)
@given(any_text)
def test_any_text_segments_without_error_and_spans_inside(text):
    _check_page_spans(ingest.parse_page("p.txt", text))


@settings(RELIABILITY)
@given(st.one_of(
    st.binary(max_size=300),
    st.builds(lambda t, enc: t.encode(enc, errors="replace"), pages(),
              st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1251", "latin-1", "utf-16-be"])),
))
def test_any_bytes_give_a_page_or_a_one_line_refusal(raw):
    try:
        page = ingest.page_from_bytes("some page.txt", raw)
    except ingest.IngestError as exc:
        assert str(exc).startswith("some page.txt: ") and "\n" not in str(exc)
    else:
        assert page.items and "\x00" not in page.text
        _check_page_spans(page)


def _check_mention(text: str, item_span: Span, m) -> None:
    assert item_span.contains(m.evidence), (m.evidence, item_span)
    for s in m.more_evidence:
        assert _inside(s, text)
    for name in ("date_start", "date_end", "event_type", "status", "location", "online"):
        v = getattr(m, name)
        assert v.span is None or item_span.contains(v.span), (name, v)
        assert 0.0 <= v.confidence <= 1.0, (name, v)
    for p in m.participants:
        for s in (p.span, p.role_span):
            assert s is None or item_span.contains(s), p
        assert p.name.strip(), p
    for o in m.organizations:
        assert o.span is None or item_span.contains(o.span), o


@settings(RELIABILITY)
@given(pages(), st.sampled_from([None, KnownEntities(people={"s. ordabayev": "Samat Ordabaev"},
                                                    organizations={"CSTO Joint Staff"}, places={"Bishkek"})]))
def test_extraction_never_fails_and_its_spans_stay_in_the_item(text, known):
    page = ingest.parse_page("p.txt", text)
    for item in page.items:
        for m in extract_item(text, item, known):
            _check_mention(text, item.span, m)


# --------------------------------------------------------------------------
# The whole import, through files and the database

AS_WRITTEN = ("participant", "role", "organization", "location")


def stored_span_problems(conn: sqlite3.Connection, document_id: int) -> list[str]:
    """Every span stored for one document that is outside it or not the text it claims."""
    text = conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    bad = []

    def check(what: str, start: int, end: int, within=(0, len(text))) -> None:
        if not (within[0] <= start <= end <= within[1]):
            bad.append(f"{what} {start}..{end} outside {within[0]}..{within[1]}")

    for fid, s, e in conn.execute('SELECT id, start, "end" FROM furniture WHERE document_id = ?', [document_id]):
        check(f"furniture {fid}", s, e)
    items = conn.execute('SELECT i.id, i.start, i."end", i.segments, i.headline, f.content FROM items i'
                         ' JOIN items_fts f ON f.rowid = i.id'
                         ' WHERE document_id = ?', [document_id]).fetchall()
    for iid, s, e, segments, headline, fts in items:
        check(f"item {iid}", s, e)
        segs = json.loads(segments)
        for a, b in segs:
            check(f"item {iid} segment", a, b, (s, e))
        if fts != "\n".join(text[a:b] for a, b in segs):
            bad.append(f"item {iid}: search index text is not its segments")
        if headline is not None and text[s : s + len(headline)] != headline:
            bad.append(f"item {iid}: headline {headline!r} is not the text at {s}")
        for mid, a, b, more in conn.execute(
                "SELECT id, evidence_start, evidence_end, more_evidence FROM mentions WHERE item_id = ?", [iid]):
            check(f"mention {mid} evidence", a, b, (s, e))
            for x, y in json.loads(more):
                check(f"mention {mid} more evidence", x, y)
            for field, value, x, y in conn.execute(
                    'SELECT field, value, start, "end" FROM field_spans WHERE mention_id = ?', [mid]):
                check(f"mention {mid} {field}", x, y, (s, e))
                # names are stored as written: the highlighted words are the value
                if field in AS_WRITTEN and " ".join(text[x:y].split()) != " ".join((value or "").split()):
                    bad.append(f"mention {mid} {field} {value!r} but the text there is {text[x:y]!r}")
    return bad


@pytest.fixture(scope="module")
def pages_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("pages")


_counter = itertools.count()


@settings(RELIABILITY)
@given(text=pages(), encoding=st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1251", "latin-1"]))
def test_any_page_imports_and_every_stored_span_lies_in_its_document(pages_folder, text, encoding):
    n = next(_counter)
    path, db = pages_folder / f"page {n}.txt", pages_folder / f"import {n}.db"
    path.write_bytes(text.encode(encoding, errors="replace"))
    with Store(db) as store:
        report = import_paths(store, [path])
        assert len(report.imported) + len(report.skipped) == 1, report
        assert not any("could not extract" in line for line in report.skipped), report.skipped
        for (doc,) in store.db.execute("SELECT id FROM documents"):
            assert stored_span_problems(store.db.conn, doc) == []
    for f in pages_folder.glob(f"import {n}.db*"):
        f.unlink()


def test_the_seed_pages_store_only_spans_inside_their_documents(seeded_store):
    for (doc,) in seeded_store.db.execute("SELECT id FROM documents"):
        assert stored_span_problems(seeded_store.db.conn, doc) == [], doc
