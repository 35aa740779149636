"""The graph built on demand with an amending act among the texts (issue 14): the consolidated
version of the amended text is written when the act is added, rebuilt when the act changes and
removed with it, although an incremental build would touch the act's text only."""

from __future__ import annotations

from pathlib import Path

from repo_paths import REPO_ROOT

from sotk_kg.commands.graph_cache import ensure_graph
from sotk_kg.settings import Settings

FIXTURES = REPO_ROOT / "tests" / "fixtures"
AMENDED, AMENDING = "perwal-contoh-2023-7.txt", "perwal-contoh-2024-15-perubahan.txt"
# Peraturan Walikota Sukamaju 15/2024 applies from its promulgation, 1 Juli 2024
VERSION = "perwal-kota-sukamaju-2023-7@2024-07-01"


def test_versions_follow_their_amending_act(tmp_path: Path) -> None:
    source, graph = tmp_path / "data" / "source", tmp_path / "data" / "graph"
    source.mkdir(parents=True)
    (source / AMENDED).write_bytes((FIXTURES / AMENDED).read_bytes())
    settings = Settings(root=tmp_path)
    ensure_graph(settings)
    assert not list(graph.glob("*@*"))
    (source / AMENDING).write_bytes((FIXTURES / AMENDING).read_bytes())
    added = ensure_graph(settings)
    assert set(added.built) == {AMENDED, AMENDING}
    assert sorted(p.name for p in graph.glob("*@*")) == [f"{VERSION}.nq", f"{VERSION}.ttl"]
    # the act's text changes: its version is made again with the text it amends
    text = (FIXTURES / AMENDING).read_text(encoding="utf-8")
    (source / AMENDING).write_text(text.replace("1 Juli 2024", "2 Juli 2024"), encoding="utf-8")
    changed = ensure_graph(settings)
    assert set(changed.built) == {AMENDED, AMENDING}
    later = "perwal-kota-sukamaju-2023-7@2024-07-02"
    assert sorted(p.name for p in graph.glob("*@*")) == [f"{later}.nq", f"{later}.ttl"]
    (source / AMENDING).unlink()
    ensure_graph(settings)
    assert not list(graph.glob("*@*"))
