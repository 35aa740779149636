"""An RDF document (the service description, VoID) as a page for people who open it in a browser:
what it is, links to each machine format, and its Turtle with every IRI a link."""

from __future__ import annotations

import re

from sotk_kg.server.pages.html import esc, page
from sotk_kg.server.pages.paths import Links

# An IRI in Turtle, once escaped for HTML: &lt;...&gt;
_IRI = re.compile(r"&lt;([^&\s]+)&gt;")


def render(
    links: Links,
    *,
    title: tuple[str, str],
    about: tuple[str, str],
    turtle: str,
    formats: list[tuple[str, str]],
) -> str:
    """`title` and `about` in (Indonesian, English); `formats`: (name, URL) of each format."""

    def linked(match: re.Match[str]) -> str:
        iri = match.group(1)
        return f'&lt;<a href="{esc(links.href(iri))}">{iri}</a>&gt;'

    listing = _IRI.sub(linked, esc(turtle))
    offered = " · ".join(f'<a href="{esc(url)}">{esc(name)}</a>' for name, url in formats)
    body = f"""<h1>{esc(title[0])}</h1>
<p class="en" lang="en">{esc(title[1])}</p>
<p>{esc(about[0])}</p>
<p class="en" lang="en">{esc(about[1])}</p>
<p>Format / Formats: {offered}</p>
<pre class="rdf">{listing}</pre>"""
    return page(links, title=title[0], body=body)
