"""The fast lane for /sparql (server/fastlane.py) answers as the full middleware stack does.

Two live servers on the same sample tree, one with the lane and one without (SOTK_FAST_LANE=0),
get the same requests; status, body and every header but the timing ones must be equal (`Vary`
compared as a set of names: the lane lists them in the middlewares' order, but a cache reads a
set). Also: the form decoder against the standard library's.
"""

from __future__ import annotations

import dataclasses
import random
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
from lane_requests import FORM, JSON, REQUESTS, SELECT_ALL, UNITS, form, seen
from liveserver import LiveServer

from sotk_kg.server.fastlane import wants_lane
from sotk_kg.server.http import HttpError, parse_form
from sotk_kg.settings import Settings


@pytest.fixture(scope="module")
def full_stack(server_settings: Settings) -> Iterator[LiveServer]:
    settings = dataclasses.replace(server_settings, fast_lane=False, workers=2)
    with LiveServer(settings) as srv:
        yield srv


@pytest.mark.parametrize("method,query_string,headers,body", REQUESTS)
def test_lane_answers_as_the_full_stack(
    live: LiveServer,
    full_stack: LiveServer,
    method: str,
    query_string: str,
    headers: dict[str, str],
    body: bytes | None,
) -> None:
    assert live.app.lane is not None and full_stack.app.lane is None
    answers = []
    for server in (live, full_stack):
        url = server.sparql + (f"?{query_string}" if query_string else "")
        resp = httpx.request(method, url, headers=headers, content=body, timeout=30)
        answers.append(seen(resp))
    (lane_status, lane_body, lane_headers), (status, body, headers) = answers
    assert lane_status == status
    if "RAND" in query_string:  # another number each time, of another length
        lane_body, lane_headers["content-length"] = body, headers["content-length"]
    assert lane_body == body
    assert lane_headers == headers


def test_lane_answers_have_the_headers_of_every_answer(live: LiveServer) -> None:
    """What the middlewares add, seen on the lane's answers themselves."""
    resp = httpx.post(
        live.sparql,
        content=form(query=SELECT_ALL),
        headers={"Accept": JSON, "Content-Type": FORM, "Origin": "https://a.example",
                 "Accept-Encoding": "gzip"},
    )  # fmt: skip
    assert resp.status_code == 200
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["access-control-allow-origin"] == "*"
    assert "X-SPARQL-Truncated" in resp.headers["access-control-expose-headers"]
    assert resp.headers["content-encoding"] == "gzip"
    assert resp.headers["x-sparql-truncated"] == "true"
    assert {"Accept", "Accept-Encoding", "Origin"} <= set(resp.headers["vary"].split(", "))
    get = httpx.get(live.sparql, params={"query": UNITS}, headers={"Accept": JSON})
    assert get.headers["cache-control"] == "public, no-cache"
    tag = get.headers["etag"]
    again = httpx.get(
        live.sparql, params={"query": UNITS}, headers={"Accept": JSON, "If-None-Match": tag}
    )
    assert again.status_code == 304  # the full stack's conditional GET, as before


def _scope(
    method: str, query_string: bytes = b"", headers: tuple[tuple[bytes, bytes], ...] = ()
) -> dict[str, object]:
    return {"type": "http", "path": "/sparql", "method": method, "query_string": query_string,
            "headers": list(headers)}  # fmt: skip


def test_which_requests_take_the_lane() -> None:
    assert wants_lane(_scope("POST"))
    assert wants_lane(_scope("GET", b"query=ASK%20%7B%7D"))
    assert wants_lane(_scope("GET", b"format=csv&query=ASK%20%7B%7D"))
    assert not wants_lane(_scope("GET"))  # the service description
    assert not wants_lane(_scope("GET", b"xquery=1"))
    assert not wants_lane(_scope("GET", b"query=x", ((b"if-none-match", b'W/"a"'),)))
    assert not wants_lane(_scope("GET", b"query=x", ((b"if-modified-since", b"x"),)))
    assert not wants_lane(_scope("HEAD", b"query=x"))
    assert not wants_lane(_scope("OPTIONS"))
    assert not wants_lane({**_scope("POST"), "path": "/sparql/"})
    assert not wants_lane({**_scope("POST"), "type": "websocket"})


def _standard(text: str) -> object:
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return "not UTF-8"


def _ours(text: str) -> object:
    try:
        return parse_form(text, "form")
    except HttpError as exc:
        assert exc.status == 400 and "not valid UTF-8" in exc.message
        return "not UTF-8"


FORM_CASES = [
    "", "&", "a", "a=", "=b", "a=b=c", "a=1&&b=2", "q=%41%42", "q=%4", "q=%zz%41", "q=%",
    "q=a+b%2Bc", "q=%C3%A9", "q=é%20x", "q=%E2%82", "q=%E2%82%AC", "q=\\x41%5C", "q=\\", "q=%5C%78",
    "q=%0A%0D%00", "k%3Dy=v%26w", "q=%ED%A0%80",  # a lone surrogate's bytes are not UTF-8
]  # fmt: skip


@pytest.mark.parametrize("text", FORM_CASES)
def test_form_decoding_is_the_standard_librarys(text: str) -> None:
    assert _ours(text) == _standard(text)


def test_form_decoding_on_random_texts() -> None:
    rng = random.Random(20261205)
    pieces = ["%", "+", "=", "&", "\\", "x", "é", "%41", "%C3", "%A9", "%e2%82%ac", "%5c", "%7B",
              "%2", "%g1", "\n", "\\x", "%25", "0", "f"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _ours(text) == _standard(text), text
