"""A corpus with amendments (issue 14): `bench.corpus`'s N regulations, and for every third one an
amending act ("Perubahan atas ...") written from its parsed text, with three instructions (a Pasal
changed, a Pasal inserted after it as "Pasal nA", the Pasal after it deleted). Builds the corpus
without and with the acts, then loads the latter into an on-disk store, and prints the figures:

    .venv/bin/python -m bench.amendments 100 [--work /tmp/sotk-bench-amend] [--seed 7]

The acts are generic (they quote the regulation's own provisions, its structure read by the
parser), so any text the pipeline reads can be amended this way; the consolidated versions are
built by `build_files` as `sotk-kg build` does, one per amended regulation.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from pathlib import Path

from bench.corpus import DEFAULT_SEED, write_corpus
from bench.scale import machine
from sotk_kg.pipeline.structure import parse_document
from sotk_kg.pipeline.tree import Document, Provision

BASE = "https://w3id.org/sotk-kg"
_MARK = {"ayat": "({})", "huruf": "{}.", "angka": "{}."}


def render(pasal: Provision, number: str) -> list[str]:
    """The lines of `pasal` as the genre writes it, headed "Pasal {number}"."""
    lines = [f"Pasal {number}"]
    if pasal.text:
        lines.append(pasal.text)
    for node in list(pasal.iter())[1:]:
        mark = node.number_as_written.strip() or _MARK[node.kind].format(node.number)
        lines.append(f"{mark} {node.text}".rstrip())
    return lines


def amending_text(doc: Document, index: int) -> str | None:
    """An amending act of `doc`: Pasal k changed (its last line reworded), Pasal kA inserted
    after it (a copy), Pasal k+1 deleted; k the middle Pasal with ayat. None when none fits."""
    pasal = [p for top in doc.body for p in top.iter() if p.kind == "pasal" and p.number.isdigit()]
    numbers = {p.number for p in pasal}
    fitting = [p for p in pasal if p.children and str(int(p.number) + 1) in numbers]
    if not fitting:
        return None
    target = fitting[len(fitting) // 2]
    k = target.number
    changed = render(target, k)
    changed[-1] = changed[-1].rstrip(".;") + " secara terpadu."
    label, region = doc.jenis_label, doc.region_name.split(" ", 1)[1]
    head = label.upper().removeprefix("PERATURAN ")
    cited = f"{label} {region} Nomor {doc.number} Tahun {doc.year}"
    year = int(doc.year) + 1
    own = f"{label} ini"
    return "\n".join(
        [
            f"PERATURAN {head} {region.upper()}",
            f"NOMOR {900 + index} TAHUN {year}",
            "",
            "TENTANG",
            "",
            f"PERUBAHAN ATAS {cited.upper()} TENTANG {doc.title}",
            "",
            "DENGAN RAHMAT TUHAN YANG MAHA ESA",
            "",
            f"{head} {region.upper()},",
            "",
            f"Menimbang : bahwa perlu mengubah {cited};",
            "",
            "MEMUTUSKAN",
            "",
            f"Menetapkan : {label.upper()} TENTANG PERUBAHAN ATAS {cited.upper()}.",
            "",
            "Pasal I",
            "",
            f"Beberapa ketentuan dalam {cited} tentang {doc.title.title()} diubah sebagai berikut:",
            "",
            f"1. Ketentuan Pasal {k} diubah sehingga berbunyi sebagai berikut:",
            "",
            *changed,
            "",
            f"2. Di antara Pasal {k} dan Pasal {int(k) + 1} disisipkan 1 (satu) Pasal, yakni "
            f"Pasal {k}A sehingga berbunyi sebagai berikut:",
            "",
            *render(target, f"{k}A"),
            "",
            f"3. Pasal {int(k) + 1} dihapus.",
            "",
            "Pasal II",
            "",
            f"{own} mulai berlaku pada tanggal diundangkan.",
            "",
            f"Ditetapkan di {region}",
            f"pada tanggal 1 Juli {year}",
            "",
            f"{head} {region.upper()},",
            "",
            "ttd.",
            "",
            "NAMA PENANDATANGAN",
            "",
            f"Diundangkan di {region}",
            f"pada tanggal 2 Juli {year}",
            "",
        ]
    )


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.amendments", description=__doc__)
    parser.add_argument("n", type=int, help="how many regulations (one act for every third)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sotk-bench-amend"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    import pyoxigraph as ox

    from sotk_kg.pipeline.build import build_files
    from sotk_kg.settings import Settings
    from sotk_kg.store.load import build_disk

    shutil.rmtree(args.work, ignore_errors=True)
    source = args.work / "data" / "source"
    texts = write_corpus(args.n, source, args.seed)
    for sidecar in source.glob("*.json"):
        sidecar.unlink()
    acts = []
    for i, path in enumerate(texts):
        if i % 3 == 0:
            doc = parse_document(path.read_text(encoding="utf-8"), path.name)
            if (text := amending_text(doc, i)) is not None:
                act = source / f"{path.stem}-perubahan.txt"
                act.write_text(text, encoding="utf-8")
                acts.append(act)

    figures: dict[str, object] = {"n": args.n, "amending acts": len(acts)}
    plain = args.work / "plain"
    started = time.perf_counter()
    alone = build_files(texts, plain, BASE)
    figures["build without acts (s)"] = round(time.perf_counter() - started, 2)
    figures["triples without acts"] = sum(len(b) for b in alone)
    graph = args.work / "data" / "graph"
    started = time.perf_counter()
    built = build_files([*texts, *acts], graph, BASE)
    figures["build with acts (s)"] = round(time.perf_counter() - started, 2)
    figures["versions written"] = sum(1 for b in built for s in b.suffixes if s.endswith(".ttl")
                                      and s.startswith("@"))  # fmt: skip
    figures["version warnings"] = sum(1 for b in built for w in b.warnings if "version" in w)
    figures["graphs with acts (.nq files)"] = len(list(graph.glob("*.nq")))
    figures["triples with acts"] = sum(len(b) for b in built)
    figures["triples in the versions"] = sum(
        sum(1 for _ in f.open(encoding="utf-8")) for f in graph.glob("*@*.nq")
    )  # N-Quads: one quad a line
    figures["peak RSS of the builds (MiB)"] = round(_peak_mib(), 1)
    store = args.work / "store"
    started = time.perf_counter()
    build_disk(store, Settings(root=args.work))
    figures["load with acts (s)"] = round(time.perf_counter() - started, 2)
    figures["quads in store"] = len(ox.Store.read_only(str(store)))
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    stamp = time.strftime("%Y-%m-%d")
    out = Path(__file__).parent / "results" / f"amendments-{stamp}.txt"
    lines = [f"{k:<{width}}  {v}" for k, v in figures.items()]
    out.write_text("\n".join(lines) + "\n\n" + json.dumps(machine(), indent=1) + "\n", "utf-8")
    print(f"written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
