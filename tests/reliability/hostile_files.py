"""A curator's download folder with every kind of file that can go wrong, good pages between bad ones."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

GOOD_EN = (
    "On 12 March 2024, CSTO Secretary General Imangali Tasmagambetov held a meeting with the Ambassador "
    "of Armenia in Moscow.\n"
    "On 14 March 2024, a joint training session of the CSTO Crisis Response Center was held in Minsk.\n"
)
GOOD_RU = (
    "12 марта 2024 года в Москве состоялось заседание Совета министров иностранных дел ОДКБ.\n"
    "Генеральный секретарь ОДКБ провёл встречу с послом Армении.\n"
)
GOOD_LATIN1 = "On 3 May 2024, the delegation visited Zürich and met the café owners of Genève in the évening.\n"


@dataclass
class HostileFolder:
    root: Path
    good: dict[str, str] = field(default_factory=dict)  # file name -> a phrase its stored text holds
    bad: dict[str, str] = field(default_factory=dict)  # file name -> the reason the report must give
    warned: dict[str, str] = field(default_factory=dict)  # good files imported with a warning -> its words
    # not pages at all (no suffix a folder import reads): listed as skipped with this reason when in a folder,
    # read as a page (and refused as what they hold) when named alone
    not_pages: dict[str, str] = field(default_factory=dict)


def make_hostile_folder(root: Path, big_mb: int = 30) -> HostileFolder:
    """Every kind of file a curator's download folder may hold, good ones between the bad ones."""
    root.mkdir(parents=True, exist_ok=True)
    f = HostileFolder(root)

    def good(name: str, data: bytes, phrase: str) -> None:
        (root / name).write_bytes(data)
        f.good[name] = phrase

    def bad(name: str, data: bytes, reason: str) -> None:
        (root / name).write_bytes(data)
        f.bad[name] = reason

    good("a plain page.txt", GOOD_EN.encode("utf-8"), "Imangali Tasmagambetov")
    bad("b empty.txt", b"", "empty file")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    bad("c picture.txt", png, "binary file")
    (root / "c screenshot.png").write_bytes(png)
    f.not_pages["c screenshot.png"] = "not a page file (.png; a folder import reads .txt, .html, .htm, .jsonl)"
    good("d utf16.txt", GOOD_EN.replace("Minsk", "Dushanbe").encode("utf-16"), "Dushanbe")
    good("e cp1251.txt", GOOD_RU.encode("cp1251"), "состоялось заседание")
    f.warned["e cp1251.txt"] = "cp1251"
    good("f latin1.txt", GOOD_LATIN1.encode("latin-1"), "Zürich")
    f.warned["f latin1.txt"] = "latin-1"
    bad("g nul bytes.txt", GOOD_EN.replace("Moscow", "Mos\x00cow").encode("utf-8"), "binary file")
    with open(root / "h huge.txt", "wb") as out:  # a real 30 MB file, written in 1 MB blocks
        block = (GOOD_EN * (2**20 // len(GOOD_EN) + 1)).encode("utf-8")[: 2**20]
        for _ in range(big_mb):
            out.write(block)
    f.bad["h huge.txt"] = "too large"
    bad("i no sentences.txt", b"2024\n12.03\n\xe2\x80\x94\n*****\n100 200 300\nMenu\nContacts\n", "no text content")
    bad("j locked.txt", GOOD_EN.replace("Minsk", "Astana").encode("utf-8"), "permission denied")
    os.chmod(root / "j locked.txt", 0)
    good("k Встреча в Душанбе — итоги 2024.txt", GOOD_EN.replace("Minsk", "Bishkek").encode("utf-8"), "Bishkek")
    (root / "l loop a.txt").symlink_to(root / "l loop b.txt")
    (root / "l loop b.txt").symlink_to(root / "l loop a.txt")
    f.bad["l loop a.txt"] = f.bad["l loop b.txt"] = "symbolic link"
    (root / "m sub").mkdir()
    (root / "m sub" / "up").symlink_to(root, target_is_directory=True)  # a folder loop: must not be walked forever
    good("m sub/n nested page.txt", GOOD_EN.replace("Minsk", "Yerevan").encode("utf-8"), "Yerevan")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "o pipe.txt")  # reading it would block the import forever
        f.bad["o pipe.txt"] = "not a regular file"
    good("z last page.txt", GOOD_EN.replace("Minsk", "Minsk and Almaty").encode("utf-8"), "Almaty")
    return f
