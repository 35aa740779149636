"""`sotk_kg.store.remote.push` streams one graph at a time to a Graph Store Protocol endpoint and
makes the remote default graph the union of what it pushed (the HTTP side is tested against the
real Oxigraph server in tests/server/test_remote.py)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import pytest

from sotk_kg.store.remote import RemoteEndpoint, push

A, B = "http://example.org/graph/a", "http://example.org/graph/b"


class RecordingEndpoint(RemoteEndpoint):
    def __init__(self) -> None:
        super().__init__("", "http://example.org/store")
        self.calls: list[tuple[str, str | None, int]] = []

    def put_graph(self, graph: str | None, triples: Iterable[ox.Triple], timeout: float = 300.0,
                  *, method: str = "PUT") -> None:  # fmt: skip
        self.calls.append((method, graph, len(list(triples))))


def _quad(n: int, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/s{n}"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(str(n)), ox.NamedNode(graph))  # fmt: skip


def test_each_graph_replaced_then_added_to_the_emptied_default_graph() -> None:
    endpoint = RecordingEndpoint()
    quads = [_quad(1, A), _quad(2, A), _quad(3, B), _quad(4, A)]  # A comes back after B
    assert push(endpoint, quads) == {A: 3, B: 1}
    assert endpoint.calls == [
        ("PUT", None, 0),  # the default graph emptied first
        ("PUT", A, 2), ("POST", None, 2),
        ("PUT", B, 1), ("POST", None, 1),
        ("POST", A, 1), ("POST", None, 1),  # added to A, not replacing it
    ]  # fmt: skip


def test_without_default_union_the_default_graph_is_left_alone() -> None:
    endpoint = RecordingEndpoint()
    push(endpoint, [_quad(1, A), _quad(2, B)], default_union=False)
    assert endpoint.calls == [("PUT", A, 1), ("PUT", B, 1)]


def test_a_quad_outside_a_named_graph_is_refused() -> None:
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal("x"))  # fmt: skip
    with pytest.raises(ValueError, match="outside a named graph"):
        push(RecordingEndpoint(), [quad])
