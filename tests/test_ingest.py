"""Decoding, furniture and page segmentation (ingest), checked against the seed gold."""
from __future__ import annotations

import pytest

from reviewer.importing import ingest
from reviewer.importing.ingest import IngestError, page_from_bytes, parse_page, read_page


def test_segmentation_matches_gold_items(seeds_dir, gold):
    for name, expected in gold.items():
        page = read_page(seeds_dir / name)
        got = [{"kind": i.kind, "start": i.first_line(page.text)[:50], "dateline": i.dateline} for i in page.items]
        assert got == expected["items"], name


def test_furniture_is_never_item_content(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        page = read_page(path)
        content = "\n".join(i.content(page.text) for i in page.items)
        for marker in ("Go back", "Back to the section", "E-mail:", ".JPG", "(Photo gallery)", "(Video)", "* * *", "____"):
            assert marker not in content, (path.name, marker)
        assert "spokesman" not in content and "Press Secretary" not in content


def test_text_is_kept_unchanged_and_spans_point_into_it():
    text = "On 3 May, a joint drill was held.\r\nBriefing on the drill\r\n05.05.2023The drill ended (Video)\r\nGo back\r\n"
    page = parse_page("x.txt", text)
    assert page.text == text
    teaser, article = page.items
    assert teaser.kind == "teaser" and article.kind == "article"
    assert text[article.headline.start : article.headline.end] == "Briefing on the drill"
    assert article.dateline == "2023-05-05"
    assert article.content(text) == "Briefing on the drill\nThe drill ended"
    kinds = {f.kind: text[f.span.start : f.span.end] for f in page.furniture}
    assert kinds["nav"] == "Go back" and kinds["media"] == "(Video)" and kinds["dateline"] == "05.05.2023"


def test_dateline_line_before_teaser_is_its_dateline():
    page = parse_page("x.txt", "01.02.2021\n\nOn 1 February 2021, a seminar opened in Minsk.\n")
    assert page.items[0].dateline == "2021-02-01"
    assert page.items[0].kind == "teaser"


def test_headline_repeated_with_dateline_is_furniture():
    text = "Ministers met in Bishkek\n\nMinisters met in Bishkek 02.03.2022\n\nOn 2 March the ministers met.\n"
    page = parse_page("x.txt", text)
    (article,) = page.items
    assert article.dateline == "2022-03-02"
    assert article.content(text) == "Ministers met in Bishkek\nOn 2 March the ministers met."


@pytest.mark.parametrize(
    "raw, encoding",
    [
        ("Héllo «world» — ok.".encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + "Hello there.".encode("utf-8"), "utf-8-sig"),
        ("Hello — there.".encode("utf-16"), "utf-16"),
        ("Встреча министров прошла в Москве.".encode("cp1251"), "cp1251"),
        ("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e.".encode("latin-1"), "cp1252"),
    ],
)
def test_decode(raw, encoding):
    text, enc, warnings = ingest.decode(raw, "f.txt")
    assert enc == encoding
    assert "\ufffd" not in text and not text.startswith("\ufeff")
    assert bool(warnings) == (encoding in ("cp1251", "cp1252"))


@pytest.mark.parametrize(
    "name, raw, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("nul.txt", b"On 1 May a meeting\x00 was held.", "binary"),
        ("furniture.txt", b"Go back\n* * *\n+7-495-795-27-10\n", "no text content"),
    ],
)
def test_bad_bytes_are_refused_with_the_file_name(name, raw, reason):
    with pytest.raises(IngestError) as err:
        page_from_bytes(name, raw)
    assert name in str(err.value) and reason in str(err.value)
    assert "\n" not in str(err.value)


def test_too_large_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("On 1 May a meeting was held. " * 10)
    with pytest.raises(IngestError, match="big.txt: too large"):
        read_page(big)


def test_iter_files_walks_folders_and_reports_loops(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "b.TXT").write_text("x")
    (tmp_path / "note.md").write_text("x")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    found = {p.name: problem for p, problem in ingest.iter_files([tmp_path, tmp_path / "missing.txt"])}
    assert set(found) == {"a.txt", "b.TXT", "note.md", "loop.txt", "missing.txt"}
    assert found["a.txt"] is None and "symbolic link" in found["loop.txt"] and "no such" in found["missing.txt"]
    assert found["note.md"].startswith("not a page file (.md;")


def test_teaser_without_a_stop_gives_way_to_the_marked_article():
    text = ("On 3 May 2023, a drill was held in Minsk.\n"
            "The Secretary General gave an interview to a newspaper\n"
            "Ministers met in Bishkek\n"
            "02.03.2022On 2 March 2022 the ministers met in Bishkek.\n"
            "They discussed security.\n")
    page = parse_page("x.txt", text)
    assert [(i.kind, i.first_line(text)[:24]) for i in page.items] == [
        ("teaser", "On 3 May 2023, a drill w"), ("teaser", "The Secretary General ga"),
        ("article", "Ministers met in Bishkek")]
    assert page.items[2].dateline == "2022-03-02"
    assert page.items[1].content(text) == "The Secretary General gave an interview to a newspaper"


def test_headline_ending_with_a_stop_is_found_by_its_restating_lead():
    text = ("On 3 May 2023, a drill was held in Minsk.\n\n"
            "Statement of the Parliamentary Assembly on the border situation\n\n"
            "Consultations on the preparation of the Permanent Council meeting were held.\n\n"
            "On June 1, 2023, consultations on the agenda of the Permanent Council meeting were held by videoconference.\n\n"
            "The consultations were chaired by Viktor Biyagov.\n")
    page = parse_page("x.txt", text)
    assert [i.kind for i in page.items] == ["teaser", "teaser", "article"]
    assert page.items[2].first_line(text).startswith("Consultations on the preparation")
    assert len(page.items[2].segments) == 3


def test_similar_sidebar_teasers_stay_teasers():
    text = ("The Secretary General met the Ambassador of Armenia.\n"
            "On 5 May 2023 the Secretary General met the Ambassador of Armenia Gurgen Arsenyan in Moscow.\n"
            "Session of the Council held in Minsk\n"
            "23.11.2023On 23 November 2023 the session was held in Minsk.\n")
    page = parse_page("x.txt", text)
    # the first line is restated by the second, but both are sidebar teasers before a marked article
    assert [i.kind for i in page.items][-1] == "article"
    assert page.items[-1].first_line(text) == "Session of the Council held in Minsk"
