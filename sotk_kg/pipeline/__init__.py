"""Regulation text -> provision tree (`structure`) -> RDF named graph (`build`).

Public API: `build_graph(text, source_name, base, work=None) -> BuildResult` (`work`, a
`sotk_kg.iris.WorkId`, names the regulation of an excerpt without its title block) and
`sotk_kg.pipeline.build.build_files(paths, out_dir, base, prune=False) -> list[BuiltFile]`
(builds and writes one regulation at a time, all or nothing; `prune` removes outputs whose source
is gone; `build_and_write` also returns the removed paths). Inputs that include a regulation
and acts amending it also get its consolidated versions (`build.consolidate_graph`,
`amendment.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sotk_kg.iris import WorkId
    from sotk_kg.pipeline.build import BuildResult

__all__ = ["BuildResult", "build_graph"]


def build_graph(
    text: str, source_name: str, base: str, *, work: WorkId | None = None
) -> BuildResult:
    """Parse one regulation text and return its named graph (see sotk_kg.pipeline.build)."""
    from sotk_kg.pipeline.build import build_graph as _build_graph

    return _build_graph(text, source_name, base, work=work)


def __getattr__(name: str) -> type:
    if name == "BuildResult":
        from sotk_kg.pipeline.build import BuildResult

        return BuildResult
    raise AttributeError(name)
