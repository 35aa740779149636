"""Script-injection payloads and an HTML reader, for the tests that check pages and reports show
untrusted text (labels, queries, roster cells) as text, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """The elements of a page, its text, and the attribute values it has."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [v for _, v in attrs if v is not None]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inert_page(html: str) -> Page:
    """`html` read, once it is known to hold neither a script nor an img element."""
    page = Page(html)
    assert "script" not in page.tags and "img" not in page.tags
    return page
