"""The level of each post (jenjang jabatan: JPT Pratama, Administrator, Pengawas, Fungsional,
Pelaksana ...) as data: `sotk:jenjangJabatan <jenjang-jabatan/…>` with its basis,
`sotk:jenjangJabatanBasis`.

Where the text states a post's level ("Kepala Dinas merupakan jabatan eselon II.b atau Jabatan
Pimpinan Tinggi Pratama", as regions restate the national mapping in a Pasal on eselon), that
provision is the basis. Otherwise the national rule gives it: the level the peran scheme sets for
the role in a kabupaten/kota or a province (`sotk:jenjangKabupatenKota`, `sotk:jenjangProvinsi`,
from UU 5/2014 and PP 18/2016 Pasal 94-95), and the basis is the role's concept. A role the rule
gives no single level (the Bupati, a Kepala UPTD of a province) gets none. The words of the
levels are the labels of `ontology/schemes/jenjang-jabatan.ttl` (preferred, alternative and hidden:
"Eselon II.b"); nothing here names one."""

from __future__ import annotations

import re
from functools import cache

from rdflib import URIRef

from sotk_kg.instruments import region_kinds
from sotk_kg.lexicon import Term, scheme
from sotk_kg.pipeline.context import BuildContext
from sotk_kg.pipeline.kinds import role_by_title
from sotk_kg.pipeline.organisation import Organisation, Post
from sotk_kg.pipeline.terms import SOTK

_PROVINCE = "prov"  # the jenis-wilayah notation of a province
# "X merupakan/adalah [jabatan] [struktural] <level>": the statement of a level.
_COPULA = r"\s+(?:merupakan|adalah)\s+(?:jabatan\s+)?(?:struktural\s+)?"
_SPLIT = re.compile(r"\s*(?:,|\bdan\b|\bserta\b)\s*")


def _words(label: str) -> str:
    """A level's label as a pattern: any spacing; "II.b" also "IIb", "II b"; a leading "Jabatan"
    optional before two words or more ("Pimpinan Tinggi Pratama"), not before one: "adalah
    pelaksana kegiatan" or "adalah pengawas keuangan" says what a post does, not its level."""
    words = label.split()
    if len(words) > 2 and words[0].lower() in ("jabatan", "pejabat"):
        words = words[1:]
    parts = [re.sub(r"\\\.", r"[.\\s]?", re.escape(w)) for w in words]
    return r"\s+".join(parts)


@cache
def _level_names() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, notation) for every label of every level, longest label first."""
    names: list[tuple[str, str]] = []
    for term in scheme("jenjang-jabatan"):
        labels = [term.label("id"), *term.alt_labels, *term.texts_in("skos:hiddenLabel", "id")]
        names += [(label, term.notation) for label in labels]
    names.sort(key=lambda n: -len(n[0]))
    return [(re.compile(_words(label), re.I), notation) for label, notation in names]


def stated_level(sentence: str) -> tuple[str, str] | None:
    """(subject, level notation) when `sentence` states a level: "Kepala Dinas merupakan jabatan
    eselon II.b atau Jabatan Pimpinan Tinggi Pratama" -> ("Kepala Dinas", "jpt-pratama")."""
    for pattern, notation in _level_names():
        m = re.search(
            rf"^(?P<subject>.+?){_COPULA}(?:{pattern.pattern})(?![A-Za-z])", sentence, re.I
        )
        if m:
            return m["subject"].strip(" ,"), notation
    return None


def _posts_named(org: Organisation, subject: str) -> list[Post]:
    """The posts a subject names: "Kepala Bidang Pemberdayaan Koperasi" (one post), "Kepala
    Bidang" (every post of the role), "Sekretaris dan Kepala Bidang" (both)."""
    posts: list[Post] = []
    for name in _SPLIT.split(subject):
        name = re.sub(r"^(?:jabatan|pejabat)\s+", "", name.strip(), flags=re.I)
        post = org.post_named(name)
        role = role_by_title(name)
        posts += [post] if post else org.posts_with_role(role.notation) if role else []
    return posts


def _rule_level(ctx: BuildContext, term: Term) -> str | None:
    """The level the national rule sets for a role in the regulation's kind of region; where the
    kind is unknown (an excerpt), only a level that is the same in both."""
    kabkota = term.local_name("sotk:jenjangKabupatenKota")
    province = term.local_name("sotk:jenjangProvinsi")
    prefix = ctx.work_id.yurisdiksi.split("-", 1)[0]
    if prefix == _PROVINCE:
        return province
    if prefix in {k.notation for k in region_kinds()}:
        return kabkota
    return kabkota if kabkota == province else None


def emit_levels(ctx: BuildContext, org: Organisation) -> None:
    b = ctx.builder
    stated: dict[int, tuple[str, URIRef]] = {}
    for top in ctx.doc.body:
        for prov in top.iter():
            for sentence in re.split(r"(?<=[.;])\s+", " ".join(prov.reading.split())):
                found = stated_level(sentence)
                if found is None:
                    continue
                for post in _posts_named(org, found[0]):
                    stated.setdefault(id(post), (found[1], ctx.iri(prov)))
    roles = scheme("peran").by_notation()
    for post in org.posts:
        level: str | None
        if id(post) in stated:
            level, basis = stated[id(post)]
        else:
            term = roles[post.role]
            level, basis = _rule_level(ctx, term), ctx.iris.concept("peran", post.role)
        if level is None:
            continue
        b.add(post.iri, SOTK.jenjangJabatan, ctx.iris.concept("jenjang-jabatan", level))
        b.add(post.iri, SOTK.jenjangJabatanBasis, basis)
