"""HTML pages and scraper feeds in: main text only, provenance kept and exported, every bad input one line.

The pages in ``tests/html_pages/`` are of our own making, in three site layouts of invented
organisations: an HTML5 portal (``portal_*``: ``<article>``, canonical link, ``og:`` and
``article:published_time``), a news agency's nested divs (``agency_*``: JSON-LD, ``og:url``,
``<br>`` paragraphs) and an embassy's table layout (``embassy_*``: windows-1251, no metadata).
"""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.importing import html_text
from reviewer.importing.pipeline import IMPORTED, SKIPPED, UNCHANGED, import_paths
from reviewer.store import Store

PAGES = Path(__file__).resolve().parent / "html_pages"
LAYOUTS = ["portal_council.html", "portal_visit.html", "agency_consultations.html", "agency_training.html",
           "embassy_ceremony.html"]
#: What must never reach the stored text: tags, and the words of the pages' scripts, styles and chrome.
NEVER = ("<", ">", "window.", "function", "querySelector", "gtag", "content:", "font-family", "Stockholm", "Oslo",
         "Brussels", "Rome", "cookies", "Accept all", "Share:", "Latest news", "Top stories", "Print version",
         "Reprinting", "©", "Home page", "Consular matters", "Tags:", "Related:", "Documents")


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(PAGES / name, folder / name)
    return folder


def _docs(store: Store) -> dict[str, dict]:
    return {r["name"]: r for r in store.rows("SELECT id, name, text, url, title, published, encoding, warnings"
                                             " FROM documents")}


@pytest.fixture
def layouts_db(tmp_path):
    db = tmp_path / "html.db"
    with Store(db) as store:
        report = import_paths(store, [_copy(tmp_path, *LAYOUTS)])
    assert [f.outcome for f in report.files] == [IMPORTED] * len(LAYOUTS), report.files
    return db


def test_three_layouts_keep_only_the_main_text_and_their_provenance(layouts_db):
    with Store(layouts_db) as store:
        docs = _docs(store)
    for name, doc in docs.items():
        for word in NEVER:
            assert word not in doc["text"], (name, word)
    council = docs["portal_council.html"]
    assert council["text"].splitlines() == [
        "Council of Defence Ministers met in Valmora",
        "12.03.2024",
        "On 12 March 2024, the Council of Defence Ministers of the Northern Cooperation Council held its regular "
        "meeting in Valmora under the chairmanship of Defence Minister Arvid Lindqvist.",
        "The ministers discussed the joint air defence system and approved the plan of joint exercises for the next "
        "year. Secretary General Maren Solberg presented a report on the results of the peacekeeping training.",
        "It was agreed to hold the next meeting of the Council in Skarnes on 14 November 2024.",
    ]
    # the canonical link before og:url; the metadata's date before the visible one
    assert (council["url"], council["title"], council["published"]) == (
        "https://www.northern-council.example/en/news/2024/03/council-of-defence-ministers",
        "Council of Defence Ministers met in Valmora", "2024-03-13")
    visit = docs["portal_visit.html"]
    assert visit["url"] is None  # a relative canonical link is no URL without the page's own address
    assert visit["published"] == "2024-04-03"  # from <time datetime>
    assert "the summit & the state of the «Northern Shield» programme" in visit["text"]
    agency = docs["agency_consultations.html"]
    assert (agency["url"], agency["title"], agency["published"]) == (
        "https://eastwind-news.example/world/2023/11/28/consultations-migration.html",
        "Consultations on migration held in Corvale", "2023-11-28")  # JSON-LD in an @graph
    assert agency["text"].splitlines()[2:] == [  # <br><br> paragraphs are lines of their own
        "On 27 November 2023, consultations of experts of the Eastern Partnership Organization on illegal migration "
        "were held in Corvale by videoconference.",
        "The delegations were headed by Deputy Interior Minister Lena Okafor and Director General Piet Vanterpool.",
        "The experts agreed on a draft plan of joint measures for the next two years."]
    embassy = docs["embassy_ceremony.html"]
    assert (embassy["url"], embassy["title"], embassy["published"], embassy["encoding"]) == (
        None, "Wreath-laying ceremony at the Memorial of Friendship", None, "cp1251")
    assert "in Ostrava Nova." in embassy["text"] and "«Veterans’ Union» — about" in embassy["text"]
    assert embassy["warnings"] is None  # it declares windows-1251 and is


def test_events_come_from_the_main_text_and_every_span_points_into_it(layouts_db):
    with Store(layouts_db) as store:
        events = {(r["name"], r["date_start"], r["location"]) for r in store.rows(
            "SELECT d.name, e.date_start, e.location FROM events e JOIN releases r ON r.id = e.release_id"
            " JOIN items i ON i.release_id = r.id JOIN documents d ON d.id = i.document_id WHERE e.deleted = 0")}
        spans = store.rows(
            "SELECT d.text, m.evidence_start AS s, m.evidence_end AS e, NULL AS value FROM mentions m"
            " JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id"
            " UNION ALL SELECT d.text, f.start, f.\"end\", CASE WHEN f.field IN ('location', 'participant', 'organization')"
            " THEN f.value END FROM field_spans f JOIN mentions m ON m.id = f.mention_id"
            " JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id")
    # (the invented cities are in no gazetteer: a place is found only where the sentence says "held in X")
    assert {(name, day) for name, day, _ in events} >= {
        ("portal_council.html", "2024-03-12"), ("portal_council.html", "2024-11-14"), ("portal_visit.html", "2024-04-02"),
        ("agency_training.html", "2024-06-03"), ("embassy_ceremony.html", "2024-05-09")}
    assert ("agency_consultations.html", "2023-11-27", "Corvale") in events
    assert not any(loc in ("Stockholm", "Oslo", "Brussels", "Rome") for _, _, loc in events)  # script and style text
    assert len(spans) > 20
    for row in spans:
        assert 0 <= row["s"] < row["e"] <= len(row["text"])
        piece = row["text"][row["s"] : row["e"]]
        assert "<" not in piece and ">" not in piece
        if row["value"] is not None:  # a name or a place is the text at its span
            assert row["value"] == piece, (row["value"], piece)


def test_every_export_format_carries_url_and_published_with_each_source(layouts_db, tmp_path, seeds_dir):
    run = CliRunner().invoke
    assert run(cli, ["--db", str(layouts_db), "import", str(sorted(seeds_dir.glob("*.txt"))[0])]).exit_code == 0
    out = tmp_path / "all.jsonl"
    assert run(cli, ["--db", str(layouts_db), "export", "--format", "jsonl", "--all", "-o", str(out)]).exit_code == 0
    with Store(layouts_db) as store:
        docs = _docs(store)
    sources = [s for line in out.read_text(encoding="utf-8").splitlines() for s in json.loads(line)["sources"]]
    for s in sources:
        doc = docs[s["doc"]]
        assert doc["text"][s["start"] : s["end"]] == s["evidence"]
        assert s.get("url") == doc["url"] and s.get("published") == doc["published"]
        if doc["url"] is None:
            assert "url" not in s  # a text page's source is as before
    council = [s for s in sources if s["doc"] == "portal_council.html"]
    assert council and council[0]["url"].endswith("/council-of-defence-ministers") and council[0]["published"] == "2024-03-13"
    assert list(council[0])[:5] == ["doc", "sha256", "evidence", "start", "end"]  # the contract's keys first, unchanged

    folder = tmp_path / "csv"
    assert run(cli, ["--db", str(layouts_db), "export", "--format", "csv", "--all", "-o", str(folder)]).exit_code == 0
    with open(folder / "sources.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["doc"]: (r["url"], r["published"]) for r in rows}["portal_council.html"] == (
        council[0]["url"], "2024-03-13")
    assert any(r["url"] == "" and r["published"] == "" for r in rows)  # the text page
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f["name"] for r in package["resources"] if r["name"] == "sources" for f in r["schema"]["fields"]]
    assert fields[-2:] == ["url", "published"]

    dataset = tmp_path / "dataset.db"
    assert run(cli, ["--db", str(layouts_db), "export", "--format", "sqlite", "--all", "-o", str(dataset)]).exit_code == 0
    with sqlite3.connect(dataset) as conn:
        got = conn.execute("SELECT url, published FROM sources WHERE doc = 'agency_training.html'").fetchone()
    assert got == ("https://eastwind-news.example/region/2024/06/05/joint-staff-training.html", "2024-06-05")


# -- scraper feeds


def test_a_feed_imports_each_object_as_a_page_with_its_url(tmp_path):
    feed = _copy(tmp_path, "feed_pages.jsonl") / "feed_pages.jsonl"
    with Store(tmp_path / "f.db") as store:
        report = import_paths(store, [feed])
        docs = _docs(store)
    assert [(f.path.rsplit("/", 1)[-1], f.outcome) for f in report.files] == [
        ("feed_pages.jsonl:1", IMPORTED), ("feed_pages.jsonl:2", IMPORTED), ("feed_pages.jsonl:3", IMPORTED)]
    assert [f.url for f in report.files] == [
        "https://www.northern-council.example/en/news/2024/03/council-of-defence-ministers",
        "https://eastwind-news.example/region/2024/06/05/joint-staff-training.html",
        "https://wire.example/2024/07/01/summit"]
    council, training, summit = (docs[f"feed_pages.jsonl:{n}"] for n in (1, 2, 3))
    assert council["published"] == "2024-03-12"  # the feed's date wins over the page's metadata (2024-03-13)
    assert training["published"] == "2024-06-05" and training["title"] == "Joint staff training of rescue services"
    assert summit["published"] == "2024-07-01" and summit["text"].startswith("Summit of the Eastern Partnership")
    for doc in docs.values():
        assert "<" not in doc["text"] and "window." not in doc["text"]


def test_a_bad_feed_line_is_one_line_and_the_other_lines_import(tmp_path):
    feed = _copy(tmp_path, "feed_bad_lines.jsonl") / "feed_bad_lines.jsonl"
    db = tmp_path / "f.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(feed)], catch_exceptions=False)
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped: ")]
    reasons = {int(line.split(":")[2]): line.split(":", 3)[3].strip() for line in skipped}
    assert set(reasons) == {2, 3, 4, 5, 6, 8, 10, 11, 12}  # 7 is blank; 9 repeats line 1 exactly
    assert reasons[2].startswith("not a JSON object but a list")
    assert reasons[3] == 'no "url"'
    assert reasons[4].startswith('"url" is not an absolute http(s) URL')
    assert reasons[5].startswith('"published" is not a date')
    assert reasons[6].startswith("not JSON (")
    assert reasons[8] == '"html" is not a string but a number'
    assert reasons[10].startswith("the same URL (https://wire.example/2024/09/02/border) as the stored page "
                                  "feed_bad_lines.jsonl:1")
    assert "half of a character" in reasons[11] and reasons[12] == '"text" is empty'
    for line in skipped:
        assert line.startswith(f"skipped: {feed}:") and len(line) < 300
    assert f"{feed}:9: already stored" in result.output
    with Store(db) as store:
        assert sorted(_docs(store)) == ["feed_bad_lines.jsonl:1", "feed_bad_lines.jsonl:13"]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT count(*) FROM items WHERE document_id NOT IN (SELECT id FROM documents)"
                                ).fetchone()[0] == 0
    again = CliRunner().invoke(cli, ["--db", str(db), "import", "-q", str(feed)])
    assert "0 imported, 3 already stored, 9 skipped" in again.output  # the same lines, the same reasons


def test_a_url_is_stored_once_across_imports_and_files(tmp_path):
    db = tmp_path / "u.db"
    with Store(db) as store:
        import_paths(store, [_copy(tmp_path, "portal_council.html")])
        changed = (PAGES / "portal_council.html").read_text(encoding="utf-8").replace("regular meeting",
                                                                                     "extraordinary meeting")
        feed = tmp_path / "later.jsonl"
        feed.write_text(json.dumps({"url": "https://www.northern-council.example/en/news/2024/03/council-of-defence"
                                           "-ministers", "html": changed}) + "\n", encoding="utf-8")
        report = import_paths(store, [feed, _copy(tmp_path, "portal_council.html")])
        assert [(f.outcome, f.reason.split(" as ")[0]) for f in report.files] == [
            (SKIPPED, "the same URL (https://www.northern-council.example/en/news/2024/03/council-of-defence-ministers)"),
            (UNCHANGED, "")]
        assert "portal_council.html, with other content; not imported again" in report.files[0].reason
        assert store.stats()["documents"] == 1


def test_a_feed_that_is_not_a_feed_is_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "binary.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "empty.jsonl").write_bytes(b"")
    with Store(tmp_path / "b.db") as store:
        report = import_paths(store, [folder])
    assert [(f.path.rsplit("/", 1)[-1], f.reason) for f in report.files] == [
        ("binary.jsonl", "binary file, not a JSON Lines feed"), ("empty.jsonl", "empty feed (no line holds a page)")]


# -- bad pages


@pytest.mark.parametrize("name, reason", [
    ("no_main_text.html", "no main text found (no paragraph of prose outside the page's menus, scripts and styles)"),
])
def test_a_page_without_main_text_is_one_line_and_stores_nothing(tmp_path, name, reason):
    with Store(tmp_path / "n.db") as store:
        report = import_paths(store, [_copy(tmp_path, name)])
        assert store.stats()["documents"] == 0
    assert [f.line() for f in report.files] == [f"{tmp_path / 'pages' / name}: {reason}"]


def test_broken_markup_reads_as_a_browser_shows_it(tmp_path):
    with Store(tmp_path / "b.db") as store:
        report = import_paths(store, [_copy(tmp_path, "broken_markup.html")])
        (doc,) = _docs(store).values()
    assert report.files[0].outcome == IMPORTED
    assert doc["text"].splitlines() == [
        "Seminar on cyber security in Lisk",
        "On 21 May 2024, the Northern Cooperation Council held a seminar on cyber security in Lisk for specialists "
        "of the member states.",
        "The seminar was opened by Deputy Secretary General Oskar Vennberg, who stressed the growing number of "
        "incidents.",
        "Participants agreed to meet again in Lisk next spring."]  # after a stray </div>; the unclosed script dropped


@pytest.mark.parametrize("name, encoding, warning, phrase", [
    ("embassy_ru_no_charset.html", "cp1251", "declares no charset and is not UTF-8; decoded as cp1251",
     "Посол Республики Велория Драган Мирков встретился"),
    ("embassy_ru_charset_lies.html", "cp1251", "declares utf-8 but is not; decoded as cp1251",
     "16 февраля 2024 года Посол"),
    ("embassy_declares_1251_is_utf8.html", "utf-8", "declares cp1251 but is UTF-8; read as UTF-8",
     "«Veterans’ Union» — about"),
    ("embassy_ceremony.html", "cp1251", None, "«Veterans’ Union» — about"),
])
def test_a_wrong_or_missing_charset_is_read_right_and_said(tmp_path, name, encoding, warning, phrase):
    with Store(tmp_path / "c.db") as store:
        report = import_paths(store, [_copy(tmp_path, name)])
        (doc,) = _docs(store).values()
    assert phrase in doc["text"] and "\ufffd" not in doc["text"] and doc["encoding"] == encoding
    if warning is None:
        assert report.warnings == []
    else:
        assert report.warnings == [f"{tmp_path / 'pages' / name}: {warning}"]


def test_utf8_with_a_byte_order_mark_and_utf16_pages_read(tmp_path):
    text = (PAGES / "portal_visit.html").read_text(encoding="utf-8")
    for encoding, data in (("utf-8-sig", b"\xef\xbb\xbf" + text.encode("utf-8")), ("utf-16", text.encode("utf-16"))):
        page = html_text.read_html(data, "p.html")
        assert "«Northern Shield»" in page.text and page.encoding == encoding


@pytest.mark.parametrize("markup, reason", [
    ("<html><body>" + "<br>" * 200_000 + "<p>" + "The ministers met in Valmora on 3 May 2024. " * 3 + "</p>",
     "too many HTML elements for a page (over 100,000)"),
    ("<html><body>" + "<div>" * 10_000 + "<p>The ministers met in Valmora on 3 May 2024 and talked.</p>",
     "HTML nested too deeply for a page (over 3,000 elements deep)"),
    ("<html><head><title>Only a title, and nothing in the body at all", "no main text found ("),
    ("<html><body><table><tr><td><a href=/a>Home</a></td><td><a href=/b>About the Northern Council</a></td>"
     "</tr></table></body></html>", "no main text found ("),
])
def test_markup_too_big_to_parse_or_without_text_is_refused_in_one_line(markup, reason):
    with pytest.raises(html_text.IngestError) as err:
        html_text.read_html(markup.encode("utf-8"), "x.html")
    assert str(err.value).startswith(f"x.html: {reason}") and "\n" not in str(err.value)


def test_metadata_is_read_strictly():
    assert html_text.iso_day("2024-03-12T10:00:00+03:00") == "2024-03-12"
    assert html_text.iso_day("2024-02-30") is None and html_text.iso_day("12.03.2024") is None
    assert html_text.web_url("javascript:alert(1)") is None and html_text.web_url("/a", "https://x.example/b/c") == \
        "https://x.example/a"
    markup = ('<html><head><link rel="canonical" href="https://a.example/news/1">'
              '<script type="application/ld+json">{"datePublished": "2024-13-45", "url": 7}</script>'
              '<script type="application/ld+json">{not json</script></head><body><p>'
              + "The ministers met in Valmora on 3 May 2024 and talked at length. " * 2 + "</p></body></html>")
    page = html_text.read_html(markup.encode(), "m.html")
    assert (page.url, page.published, page.title) == ("https://a.example/news/1", None, None)
