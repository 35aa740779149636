"""Every route of the application the server runs (`create_app`, walked from `app.routes`): HEAD
works wherever GET does (RFC 9110), and no user-controlled path or parameter makes any route
answer a 500: hostile path segments are filled into every path parameter of every GET route."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

# Path segments a client controls, percent-encoded as sent on the wire: bytes that are not UTF-8,
# an overlong "/", NUL / DEL / control characters, U+FFFD and an encoded surrogate, characters
# that may not appear in an IRI (or break out of a SPARQL `<…>`), dot segments, a long segment,
# format extensions and non-ASCII.
NASTY_SEGMENTS = [
    "%FF",
    "%C0%AF",
    "%00",
    "a%7Fb",
    "a%0Ab",
    "%0D%0A",
    "%EF%BF%BD",
    "%ED%A0%80",
    "a%20b",
    "%3C%3E",
    "x%22%7D",
    "%7B%7D",
    "%5C",
    "%60%5E%7C",
    "%25",
    "%25FF",
    "..",
    "%2E%2E",
    "a.ttl",
    ".jsonld",
    "x.svg",
    "%3Fq%3D1",
    "%23frag",
    "%E2%80%AE",
    "%F0%9F%98%80",
    "kab-bekasi/" + "a" * 3000,
]
PARAMETER = re.compile(r"\{[^}]+\}")
ACCEPTS = ["text/html", "text/turtle", "application/json", "*/*"]


def leaf_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes the application matches, with included routers opened up."""
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's included router
        if inner is not None:
            yield from leaf_routes(inner.routes)
        else:
            yield route


def get_routes(client: TestClient) -> dict[str, set[str]]:
    """Path template -> methods, for every route that answers GET."""
    methods: dict[str, set[str]] = {}
    for route in leaf_routes(client.app.routes):  # type: ignore[attr-defined]
        path = getattr(route, "path", None)
        if path is None:
            continue
        if isinstance(route, Mount):
            methods.setdefault(path + "/{path}", set()).update({"GET", "HEAD"})
            continue
        methods.setdefault(path, set()).update(getattr(route, "methods", None) or ())
    return {path: found for path, found in methods.items() if "GET" in found}


def test_the_walk_sees_every_kind_of_route(client: TestClient) -> None:
    paths = set(get_routes(client))
    for expected in ("/sparql", "/", "/health", "/search", "/catalogue", "/def/{name:path}",
                     "/id/{rest:path}", "/dump/{filename}", "/static/{path}", "/docs"):  # fmt: skip
        assert expected in paths, sorted(paths)


def test_head_is_registered_wherever_get_is(client: TestClient) -> None:
    missing = sorted(path for path, methods in get_routes(client).items() if "HEAD" not in methods)
    assert missing == []


def filled(template: str, segment: str) -> str:
    return PARAMETER.sub(segment, template)


def test_head_answers_like_get_on_every_route(client: TestClient) -> None:
    for template in get_routes(client):
        if template == "/sparql":
            continue  # HEAD with a query: tests/server (needs the query workers)
        path = filled(template, "kab-bekasi")
        get = client.get(path, headers={"Accept": "text/html"})
        head = client.head(path, headers={"Accept": "text/html"})
        assert head.status_code == get.status_code != 405, path
        assert head.content == b"", path


@pytest.mark.parametrize("segment", NASTY_SEGMENTS)
def test_no_user_controlled_path_gives_a_server_error(client: TestClient, segment: str) -> None:
    for template in get_routes(client):
        if "{" in template:
            path = filled(template, segment)
            for accept in ACCEPTS:
                response = client.get(path, headers={"Accept": accept})
                assert response.status_code < 500, (path, accept, response.text[:300])
        # ...and the same value as the query parameters the routes read
        query = f"{filled(template, 'x')}?q={segment}&format={segment}"
        response = client.get(query, headers={"Accept": "text/html"})
        assert response.status_code < 500, (query, response.text[:300])
