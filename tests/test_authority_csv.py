"""Authority lists read from CSV (every bad row named, nothing used from a bad file) and reconciled (pure)."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reviewer.entities import authority as A
from reviewer.entities.authority import AuthorityEntry, AuthorityError, read_authority, reconcile
from reviewer.entities.clusters import Entity


def write(tmp_path: Path, text: str | bytes, name: str = "auth.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def problems(path: Path) -> list[str]:
    with pytest.raises(AuthorityError) as info:
        read_authority(path)
    assert str(info.value).splitlines() == info.value.problems
    return info.value.problems


def test_a_good_list_with_bom_quotes_aliases_and_extra_columns(tmp_path):
    p = write(tmp_path, "\ufeffName,Kind,ID,Aliases,note\r\n"
                        '"Harbour Board, Northern",organization,HB1,HBN | Northern Harbour Board,kept by us\r\n'
                        "Karin Lindqvist,person,P7,K. Lindqvist,\r\n"
                        "\r\n"
                        '"Tidal Office; West",Organization,T9,,"a note\nover two lines"\r\n'
                        "Narva,place,N1,Narwa|Нарва|narwa,\r\n")
    assert read_authority(p) == [
        AuthorityEntry(2, "organization", "Harbour Board, Northern", "HB1", ("HBN", "Northern Harbour Board")),
        AuthorityEntry(3, "person", "Karin Lindqvist", "P7", ("K. Lindqvist",)),
        AuthorityEntry(5, "organization", "Tidal Office; West", "T9", ()),  # ";" is part of a name
        AuthorityEntry(7, "place", "Narva", "N1", ("Narwa", "Нарва")),  # line 7: the note above took two lines
    ]


def test_missing_columns_are_one_line_naming_the_header(tmp_path):
    p = write(tmp_path, "kind,name,aliases\norganization,Tidal Office,\n")
    assert problems(p) == [f"{p}:1: missing column id; the header must name kind,name,id,aliases"]
    p = write(tmp_path, "", "empty.csv")
    assert problems(p) == [f"{p}: empty; the first line must be the header kind,name,id,aliases"]


def test_every_bad_row_is_named_and_nothing_is_returned(tmp_path):
    p = write(tmp_path, "kind,name,id,aliases\n"
                        "organization,Tidal Office,T1,TO\n"          # 2 good
                        "organization,Tidal Office,T1,\n"             # 3 the same id twice
                        "organization,Port Bureau,T1,\n"              # 4 an id given to two names
                        "organization,Harbour Board,H1,TO\n"          # 5 an alias another id has
                        "organization,,H2,\n"                         # 6 empty name
                        "person,Karin Lindqvist,,\n"                  # 7 empty id
                        "org,Dock Union,D1,\n"                        # 8 kind
                        "organization,Dock Union,D1\n"                # 9 a field missing
                        "organization,Ferry Board,F1,\n")             # 10 good
    assert problems(p) == [
        f"{p}:3: id 'T1' is given twice (line 2)",
        f"{p}:4: id 'T1' is given to 'Port Bureau' and to 'Tidal Office' (line 2); an id names one entity",
        f"{p}:5: 'TO' has id 'H1' here and 'T1' on line 2; a name or alias may stand for one entity only",
        f"{p}:6: empty name",
        f"{p}:7: empty id for 'Karin Lindqvist'",
        f"{p}:8: kind 'org' is not one of person, organization, place",
        f"{p}:9: 3 fields where the header has 4 (a value holding a comma needs double quotes around it)",
    ]


def test_a_list_not_in_utf8_names_each_line(tmp_path):
    text = "kind,name,id,aliases\nplace,Таллин,N1,\nplace,Тарту,N2,\n"
    p = write(tmp_path, text.encode("cp1251"))
    assert problems(p) == [f"{p}:2: not UTF-8 (byte 0xD2 at column 7); save the list as UTF-8",
                           f"{p}:3: not UTF-8 (byte 0xD2 at column 7); save the list as UTF-8"]
    p = write(tmp_path, text.encode("utf-16"), "wide.csv")
    assert problems(p)[0].startswith(f"{p}:1: not UTF-8 (byte 0xFF at column 1)")


def test_broken_csv_and_control_characters(tmp_path):
    p = write(tmp_path, 'kind,name,id,aliases\norganization,"Tidal Office,T1,\n')
    (line,) = problems(p)
    assert line.startswith(f"{p}:2: not CSV (") and line.endswith("nothing after it was read")
    p = write(tmp_path, "kind,name,id,aliases\norganization,Tidal\x07Office,T1,\n", "bell.csv")
    assert problems(p) == [f"{p}:2: name 'Tidal\\x07Office' holds a control character"]


def test_files_that_are_not_lists_are_refused_at_once(tmp_path, monkeypatch):
    assert problems(tmp_path) == [f"{tmp_path}: is a folder, not a regular file; only an authority list (CSV) can be imported"]
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = []
    t = threading.Thread(target=lambda: done.append(problems(fifo)), daemon=True)
    t.start()
    t.join(10)
    assert done == [[f"{fifo}: is a FIFO, not a regular file; only an authority list (CSV) can be imported"]]
    monkeypatch.setattr(A, "MAX_BYTES", 1024)
    big = write(tmp_path, "kind,name,id,aliases\n" + "place,Narva,N1,\n" * 200, "big.csv")
    assert problems(big) == [f"{big}: larger than 1 KiB; nothing was imported"]
    assert problems(tmp_path / "missing.csv") == [f"{tmp_path / 'missing.csv'}: no such file"]


# -- reconciling ------------------------------------------------------------------------------------------

ENTRIES = [AuthorityEntry(2, "organization", "Tidal Office", "T1", ("TO",)),
           AuthorityEntry(3, "organization", "Northern Harbour Board", "H1", ("NHB",)),
           AuthorityEntry(4, "person", "Karin Lindqvist", "P7", ()),
           AuthorityEntry(5, "organization", "Ferry Union", "F1", ("Union of Ferries",)),
           AuthorityEntry(6, "organization", "Ferry Board", "F2", ("Union of Ferries West",))]


def test_reconcile_exact_alias_fuzzy_already_conflicts_and_ambiguous():
    ents = [Entity(1, "organization", "Tidal Office", (), 4),
            Entity(2, "organization", "NHB", ("N.H.B.",), 2),
            Entity(3, "person", "Karin Lindqvst", (), 1),                 # fuzzy
            Entity(4, "organization", "TO", (), 1, "T1"),                  # already so
            Entity(5, "organization", "Northern Harbour Board", (), 1, "Q5"),  # another id: a conflict
            Entity(6, "organization", "Ferry Union", ("Union of Ferries West",), 1),  # exact wins over a variant
            Entity(7, "organization", "Ferries", ("Union of Ferries", "Union of Ferries West"), 1),  # two entries fit
            Entity(8, "place", "Tidal Office", (), 1)]                     # another kind: nothing
    r = reconcile(ents, ENTRIES)
    assert [(m.entity_id, m.authority_id, m.how) for m in r.matched] == [(2, "H1", "alias"), (6, "F1", "exact")]
    # one id names one entity: TO has T1 already, so Tidal Office (the same body) is to be merged with it
    assert [(m.entity_id, m.authority_id, m.how, m.holder) for m in r.taken] == [(1, "T1", "exact", 4)]
    assert [(m.entity_id, m.authority_id, m.how, m.authority_name) for m in r.proposed] == [
        (3, "P7", "fuzzy", "Karin Lindqvist")]
    assert 80 <= r.proposed[0].score < 100
    assert [(m.entity_id, m.authority_id) for m in r.already] == [(4, "T1")]
    assert [(m.entity_id, m.authority_id, m.current_id) for m in r.conflicts] == [(5, "H1", "Q5")]
    assert [(e.id, [a.id for a in entries]) for e, entries in r.ambiguous] == [(7, ["F1", "F2"])]
    assert r.as_json()["proposed"][0]["match"] == "fuzzy"


def test_reconcile_proposes_nothing_below_the_threshold():
    r = reconcile([Entity(1, "organization", "Tidal Bureau", (), 1)], ENTRIES)
    assert (r.matched, r.proposed) == ([], [])


def test_of_several_entities_matching_one_id_the_best_match_gets_it():
    ents = [Entity(1, "organization", "TO", (), 1), Entity(2, "organization", "Tidal Office", (), 1),
            Entity(3, "organization", "Ferry Unions", (), 1), Entity(4, "organization", "Ferry Unione", (), 1)]
    r = reconcile(ents, ENTRIES)
    assert [(m.entity_id, m.how) for m in r.matched] == [(2, "exact")]
    assert [(m.entity_id, m.how, m.holder) for m in r.taken] == [(1, "alias", 2), (3, "fuzzy", None), (4, "fuzzy", None)]


def test_the_suggestion_keys_propose_an_acronym_or_a_body_under_its_organizations_acronym():
    entries = [AuthorityEntry(2, "organization", "Baltic Grain Exchange", "B1"),
               AuthorityEntry(3, "organization", "Water Council", "W1")]
    ents = [Entity(1, "organization", "BGE", (), 3), Entity(2, "organization", "NRC Water Council", (), 2),
            Entity(3, "organization", "NRC Secretariat", (), 1), Entity(4, "organization", "Board of Auditors", (), 1)]
    r = reconcile(ents, entries)
    assert [(m.entity_id, m.authority_id, m.how, m.score) for m in r.proposed] == [(1, "B1", "key", 100.0),
                                                                                  (2, "W1", "key", 100.0)]
    assert r.matched == [] and r.taken == []
