"""An RDF document (the service description, VoID) as a page for people who open it in a browser:
what it is, links to each machine format, and its Turtle with every IRI a link."""

from __future__ import annotations

import re

from sotk_kg.server.pages.html import render_page
from sotk_kg.server.pages.paths import Links

# An IRI in Turtle: <...> (no character HTML would escape inside, as the page always linked them).
_IRI = re.compile(r"<([^&<>\"'\s]+)>")


def linked_listing(turtle: str, links: Links) -> list[tuple[str, str, str]]:
    """The Turtle as (text before, IRI, its link) pieces; the last piece has no IRI."""
    pieces, start = [], 0
    for match in _IRI.finditer(turtle):
        iri = match.group(1)
        pieces.append((turtle[start : match.start()], iri, links.href(iri)))
        start = match.end()
    pieces.append((turtle[start:], "", ""))
    return pieces


def render(
    links: Links,
    *,
    title: tuple[str, str],
    about: tuple[str, str],
    turtle: str,
    formats: list[tuple[str, str]],
) -> str:
    """`title` and `about` in (Indonesian, English); `formats`: (name, URL) of each format."""
    return render_page(
        links,
        "rdf_page.html",
        title=title[0],
        heading=title,
        about=about,
        formats=formats,
        listing=linked_listing(turtle, links),
    )
