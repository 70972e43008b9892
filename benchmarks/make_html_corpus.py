"""Write N synthetic HTML press pages in three site layouts of this module's own making.

    python benchmarks/make_html_corpus.py OUT --pages 2000 [--seed 1] [--feed]

The releases are :mod:`make_corpus`'s (same people, dates and wording); each
is rendered as the page of an invented site in one of three layouts, with
what real pages carry around the text: a head of scripts, styles and
metadata, a menu, a sidebar of other releases' teasers, a cookie banner,
share buttons, a footer with the press contact, inline scripts.

- ``portal``: an HTML5 ``<article>`` under ``<main>``, ``<link rel=canonical>``,
  ``og:`` and ``article:published_time`` metadata, ``<time datetime>``.
- ``agency``: nested ``<div>``s without semantic tags, the date in a
  ``<span class=date>`` and in JSON-LD (``datePublished``), the canonical URL
  only in ``og:url``, paragraphs as ``<br>``-separated text in places.
- ``mission``: a table layout (an old embassy site) in windows-1251 with its
  ``<meta http-equiv>`` charset, the title only in ``<title>``, entities
  (``&nbsp;``, ``&laquo;``) in the text.

``--feed`` writes a scraper's JSON Lines feed (``feed.jsonl``: ``url``,
``html``, ``published``, ``title``) instead of files.
"""
from __future__ import annotations

import argparse
import html
import json
import random
import sys
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import Release, Writer  # noqa: E402

LAYOUTS = ("portal", "agency", "mission")
SITES = {"portal": "https://press.example-union.org", "agency": "https://news.example-agency.net",
         "mission": "http://www.example-mission.org"}

_SCRIPT = ("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());var s='On 1 May 2020 the ministers met in Minsk.';</script>")
_STYLE = "<style>body{font:14px/1.4 sans-serif}.nav li{display:inline}p:after{content:'met in Minsk'}</style>"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _slug(rel: Release) -> str:
    return "-".join(rel.headline.lower().replace("“", "").replace("”", "").split()[:6]).strip(",.:")


def url_of(layout: str, rel: Release) -> str:
    return f"{SITES[layout]}/news/{rel.dateline.year}/{rel.index}-{_slug(rel)}"


def _portal(rel: Release, sidebar: list[Release], body: list[str], rng: random.Random) -> str:
    url, iso = url_of("portal", rel), rel.dateline.isoformat()
    teasers = "".join(f'<li><a href="/news/{t.index}">{_e(t.headline)}</a><p>{_e(t.teaser)}</p></li>' for t in sidebar)
    paras = "".join(f"<p>{_e(p)}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(rel.headline)} | Example Union</title>'
        f'<link rel="canonical" href="{url}"><meta property="og:title" content="{html.escape(rel.headline)}">'
        f'<meta property="og:url" content="{url}"><meta property="article:published_time" content="{iso}T10:00:00+03:00">'
        f"{_STYLE}{_SCRIPT}</head><body>"
        '<div class="cookie">This site uses cookies. <button>Accept</button></div>'
        '<header><a href="/">Example Union</a><nav><ul class="nav"><li><a href="/">Home</a></li>'
        '<li><a href="/news">News</a></li><li><a href="/docs">Documents</a></li><li><a href="/contacts">Contacts</a></li>'
        "</ul></nav></header><main><article>"
        f'<h1>{_e(rel.headline)}</h1><time datetime="{iso}">{rel.dateline.strftime("%d.%m.%Y")}</time>{paras}'
        '<div class="share">Share: <a href="#">Telegram</a> <a href="#">VK</a></div></article>'
        f'<aside><h2>Latest news</h2><ul>{teasers}</ul></aside></main>'
        "<footer><p>Press service: +7-495-795-27-10, press@example-union.org</p>"
        "<p>© 2024 Example Union. All rights reserved.</p></footer>"
        f"{_SCRIPT}</body></html>"
    )


def _agency(rel: Release, sidebar: list[Release], body: list[str], rng: random.Random) -> str:
    url, iso = url_of("agency", rel), rel.dateline.isoformat()
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": rel.headline,
                     "datePublished": f"{iso}T08:30:00Z", "url": url})
    teasers = "".join(f'<div class="teaser"><span class="date">{t.dateline.strftime("%d.%m.%Y")}</span>'
                      f'<a href="/item/{t.index}">{_e(t.headline)}</a></div>' for t in sidebar)
    if rng.random() < 0.5:
        text = "".join(f"<p>{_e(p)}</p>" for p in body)
    else:
        text = "<div class='txt'>" + "<br><br>\n".join(_e(p) for p in body) + "</div>"
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>Example Agency — {_e(rel.headline)}</title>"
        f'<meta property="og:url" content="{url}"><script type="application/ld+json">{ld}</script>'
        f"{_STYLE}{_SCRIPT * 3}</head><body><div id='wrap'><div id='top'><div class='logo'>Example Agency</div>"
        "<div class='menu'><a href='/'>Main</a> | <a href='/world'>World</a> | <a href='/region'>Region</a></div></div>"
        f"<div id='cols'><div id='left'><div class='block-title'>Top stories</div>{teasers}</div>"
        f"<div id='content'><div class='news-item'><h2 class='title'>{_e(rel.headline)}</h2>"
        f"<span class='date'>{rel.dateline.strftime('%d.%m.%Y')}</span>{text}"
        "<div class='tags'>Tags: <a>security</a> <a>cooperation</a></div></div></div></div>"
        "<div id='bottom'>Example Agency, 2024. Reprinting requires a link to the source.</div></div>"
        f"{_SCRIPT * 2}</body></html>"
    )


def _mission(rel: Release, sidebar: list[Release], body: list[str], rng: random.Random) -> str:
    links = "".join(f"<tr><td><a href='/n{t.index}.htm'>{_e(t.headline)}</a></td></tr>" for t in sidebar)
    paras = "".join(f"<p>{_e(p).replace(' the ', ' the&nbsp;', 1)}</p>" for p in body)
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<title>{_e(rel.headline)}</title>{_SCRIPT}</head><body><table width='100%'><tr>"
        "<td class='menu' width='200'><table><tr><td><a href='/'>Home page</a></td></tr>"
        f"<tr><td><a href='/consular'>Consular matters</a></td></tr>{links}</table></td>"
        f"<td class='main'><h3>{_e(rel.headline)}</h3><p><b>{rel.dateline.strftime('%d.%m.%Y')}</b></p>{paras}"
        "<p><a href='/print'>Print version</a></p></td></tr></table>"
        "<center>Embassy of the Example Republic &copy; 2009-2024</center></body></html>"
    )


RENDER = {"portal": _portal, "agency": _agency, "mission": _mission}


def iter_html_pages(pages: int, seed: int = 1) -> Iterator[tuple[str, str, bytes, Release]]:
    """Yield ``(file name, layout, bytes, release)`` for ``pages`` pages; equal arguments give equal pages."""
    writer = Writer(seed, pages)
    rng = random.Random(seed)
    for k in range(pages):  # every page a release of its own: the import's speed, not its duplicate checks
        rel = writer.release(k)
        sidebar = [writer.release((k + j * 3 + 1) % pages) for j in range(4)]
        layout = LAYOUTS[rel.index % len(LAYOUTS)]  # a release lives on one site
        page = RENDER[layout](rel, sidebar, list(rel.body), rng)
        data = page.encode("cp1251", errors="xmlcharrefreplace") if layout == "mission" else page.encode("utf-8")
        yield f"{k:06d}_{layout}.html", layout, data, rel


def write_html_corpus(out: str | Path, pages: int, seed: int = 1, feed: bool = False) -> Path:
    """Write the pages under ``out`` (in folders of 1,000), or one ``feed.jsonl`` of them; returns ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if feed:
        with open(out / "feed.jsonl", "w", encoding="utf-8") as f:
            for _name, layout, data, rel in iter_html_pages(pages, seed):
                text = data.decode("cp1251" if layout == "mission" else "utf-8")
                f.write(json.dumps({"url": url_of(layout, rel), "html": text, "published": rel.dateline.isoformat(),
                                    "title": rel.headline}, ensure_ascii=False) + "\n")
        return out
    for i, (name, _, data, _) in enumerate(iter_html_pages(pages, seed)):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--feed", action="store_true", help="one JSON Lines feed instead of files")
    args = ap.parse_args(argv)
    write_html_corpus(args.out, args.pages, args.seed, args.feed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
