"""Validation reports for people (text, HTML, Indonesian or English) and machines (JSON).

Findings are grouped by rule; each names the row or node, the value, the message and the Pasal.
A roster's report for people (`roster_html`, `roster_csv`) is grouped by row instead: the row,
the person, the post, then each finding in plain words with its fix hint and the provision it
rests on, named with its regulation and linked; no internal IRIs, no shape names.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sotk_kg.checks.findings import Finding
from sotk_kg.checks.templating import environment
from sotk_kg.namespaces import PREFIXES

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan validasi SHACL",
        "conforms": "SESUAI: tidak ada pelanggaran.",
        "fails": "TIDAK SESUAI: {n} temuan dalam {r} aturan.",
        "checked": "Diperiksa",
        "rule": "Aturan",
        "provision": "Ketentuan",
        "row": "baris",
        "value": "nilai",
        "none": "(tidak ada)",
        "Violation": "Pelanggaran",
        "Warning": "Peringatan",
        "Info": "Info",
        "where": "Tempat",
        "message": "Pesan",
        "documented": "Cacat sumber yang terdokumentasi",
        "derived": "Sumber dalam teks",
        "violations": "{n} pelanggaran, {d} di antaranya cacat teks sumber yang terdokumentasi.",
    },
    "en": {
        "title": "SHACL validation report",
        "conforms": "CONFORMS: no violations.",
        "fails": "DOES NOT CONFORM: {n} finding(s) in {r} rule(s).",
        "checked": "Checked",
        "rule": "Rule",
        "provision": "Provision",
        "row": "row",
        "value": "value",
        "none": "(none)",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "where": "Where",
        "message": "Message",
        "documented": "Documented source defect",
        "derived": "From the text at",
        "violations": "{n} violation(s), of which {d} are documented defects of the source text.",
    },
}


def _t(lang: str) -> dict[str, str]:
    return TEXTS["en" if lang == "en" else "id"]


def _short(iri: str) -> str:
    for name, prefix in PREFIXES.items():
        if iri.startswith(prefix):
            return f"{name}:{iri[len(prefix) :]}"
    return iri


def where(finding: Finding, lang: str) -> str:
    """'roster.csv baris 5 (Budi Santoso)' or '<iri> (Kepala Dinas)'."""
    t = _t(lang)
    place = f"{finding.source} {t['row']} {finding.row}" if finding.row else f"<{finding.focus}>"
    return f"{place} ({finding.focus_label})" if finding.focus_label else place


def value_text(finding: Finding, lang: str) -> str | None:
    if finding.value is None:
        return None
    labels = finding.value_label
    label = labels.get(lang) or labels.get("id") or labels.get("")
    return f"{label} <{finding.value}>" if label else finding.value


def group_by_rule(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.rule].append(f)
    return dict(sorted(groups.items()))


def _rule_title(finding: Finding, lang: str) -> str:
    label = finding.rule_label.get(lang) or finding.rule_label.get("en") or ""
    return f"{label} ({_short(finding.rule)})" if label else _short(finding.rule)


def _labels(labels: dict[str, list[str]], lang: str) -> str:
    return "; ".join(labels.get("en" if lang == "en" else "id", [])) or _t(lang)["none"]


def _provisions(finding: Finding, lang: str) -> str:
    return _labels(finding.provision_labels, lang)


def violation_counts(findings: Sequence[Finding]) -> tuple[int, int]:
    """(violations, those of them that are documented defects of the source text)."""
    violations = [f for f in findings if f.severity == "Violation"]
    return len(violations), sum(1 for f in violations if f.documented)


def _summary(conforms: bool, findings: Sequence[Finding], lang: str) -> list[str]:
    """The headline, and for a failing report "N violations, of which M are documented ..."."""
    t = _t(lang)
    if conforms:
        extra = f" ({len(findings)} {t['Warning'].lower()}/{t['Info']})" if findings else ""
        return [t["conforms"] + extra]
    violations, documented = violation_counts(findings)
    return [
        t["fails"].format(n=len(findings), r=len(group_by_rule(findings))),
        t["violations"].format(n=violations, d=documented),
    ]


def _pick_text(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def to_text(conforms: bool, findings: Sequence[Finding], checked: Sequence[str], lang: str) -> str:
    t = _t(lang)
    lines = [t["title"], *_summary(conforms, findings, lang)]
    lines.append(f"{t['checked']}: {', '.join(checked) or t['none']}")
    for items in group_by_rule(findings).values():
        first = items[0]
        lines.append("")
        lines.append(f"{t['rule']}: {_rule_title(first, lang)} [{len(items)}]")
        lines.append(f"  {t['provision']}: {_provisions(first, lang)}")
        for f in items:
            parts = [f"  - [{t.get(f.severity, f.severity)}] {where(f, lang)}"]
            shown = value_text(f, lang)
            if shown is not None:
                quoted = shown if f.value_label else repr(shown)
                parts.append(f"{t['value']} {quoted}")
            parts.append(f.text(lang))
            lines.append(": ".join(parts))
            if f.derived_from:
                lines.append(f"      {t['derived']}: {_labels(f.derived_from_labels, lang)}")
            for detail in f.details_in(lang):
                lines.append(f"      ({detail})")
            if f.documented:
                lines.append(f"      {t['documented']}: {_pick_text(f.documented, lang)}")
    return "\n".join(lines) + "\n"


def to_json(
    conforms: bool, findings: Sequence[Finding], checked: Sequence[str]
) -> dict[str, object]:
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[f.rule] += 1
    return {
        "conforms": conforms,
        "checked": list(checked),
        "count": len(findings),
        "violations": violation_counts(findings)[0],
        "documentedSourceDefects": violation_counts(findings)[1],
        "countsByRule": dict(sorted(counts.items())),
        "findings": [f.to_dict() for f in findings],
    }


def to_html(conforms: bool, findings: Sequence[Finding], checked: Sequence[str], lang: str) -> str:
    t = _t(lang)
    rules = []
    for items in group_by_rule(findings).values():
        rows = []
        for f in items:
            message = f.text(lang) + "".join(f" ({d})" for d in f.details_in(lang))
            if f.derived_from:
                message += f" [{t['derived']}: {_labels(f.derived_from_labels, lang)}]"
            if f.documented:
                message += f" [{t['documented']}: {_pick_text(f.documented, lang)}]"
            rows.append(
                {"where": where(f, lang), "value": value_text(f, lang) or "", "message": message}
            )
        first = items[0]
        rules.append(
            {
                "title": _rule_title(first, lang),
                "provisions": _provisions(first, lang),
                "rows": rows,
            }
        )
    return (
        environment()
        .get_template("validation_report.html")
        .render(
            lang=lang,
            t=t,
            summary=_summary(conforms, findings, lang),
            conforms=conforms,
            checked=", ".join(checked) or t["none"],
            rules=rules,
        )
        + "\n"
    )


# ---------------------------------------------------------------- rosters, row by row, for people

ROW_TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Hasil pemeriksaan daftar pegawai",
        "ok": "Daftar pegawai sesuai: tidak ada temuan.",
        "summary": "{n} temuan pada {r} baris: {v} pelanggaran, {w} peringatan.",
        "row": "Baris {row}",
        "whole": "Seluruh daftar",
        "post": "jabatan",
        "fix": "Saran perbaikan",
        "rule": "Dasar",
        "Violation": "Pelanggaran",
        "Warning": "Peringatan",
        "Info": "Info",
        "file": "berkas",
        "person": "nama",
        "severity": "tingkat",
        "message": "temuan",
        "provision": "ketentuan",
        "regulation": "peraturan",
        "link": "tautan",
    },
    "en": {
        "title": "Staffing roster check",
        "ok": "The roster conforms: no findings.",
        "summary": "{n} finding(s) on {r} row(s): {v} violation(s), {w} warning(s).",
        "row": "Row {row}",
        "whole": "The whole roster",
        "post": "post",
        "fix": "How to fix",
        "rule": "Rule",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "file": "file",
        "person": "name",
        "severity": "severity",
        "message": "finding",
        "provision": "provision",
        "regulation": "regulation",
        "link": "link",
    },
}

_INTERNAL = re.compile(r"<?urn:sotk-roster:[^\s>,)]*>?")


@dataclass(frozen=True)
class Citation:
    provision: str  # "Pasal 3 ayat (2)"
    regulation: str  # "Peraturan Bupati Bekasi Nomor 99 Tahun 2021"
    iri: str  # the provision's page


@dataclass(frozen=True)
class RowFinding:
    severity: str  # in words, in the report's language
    level: str  # Violation | Warning | Info
    message: str
    hint: str
    citations: tuple[Citation, ...]


@dataclass
class RowGroup:
    source: str
    row: int | None
    person: str
    post: str
    findings: list[RowFinding] = field(default_factory=list)


def _plain(text: str) -> str:
    """A message without the roster's internal IRIs (they name nothing a person can look up)."""
    return _INTERNAL.sub("-", text)


def _citations(f: Finding, lang: str) -> tuple[Citation, ...]:
    key = "en" if lang == "en" else "id"
    labels = f.provision_labels.get(key, [])
    works = f.provision_works.get(key, [])
    out = []
    for i, iri in enumerate(f.provisions):
        label = labels[i] if i < len(labels) else iri
        work = works[i] if i < len(works) else ""
        # a label that already names its regulation (or is the regulation) is not repeated
        out.append(Citation(label, "" if work in label else work, iri))
    return tuple(out)


def roster_rows(findings: Sequence[Finding], lang: str) -> list[RowGroup]:
    """The findings grouped by roster row (file, row), rows in order; findings about the whole
    roster (a vacancy) first."""
    t = ROW_TEXTS["en" if lang == "en" else "id"]
    groups: dict[tuple[str, int], RowGroup] = {}
    for f in sorted(findings, key=lambda f: (f.source, f.row or 0, f.severity != "Violation")):
        key = (f.source, f.row or 0)
        if key not in groups:
            person = f.focus_label if f.row is not None and f.focus_label else ""
            groups[key] = RowGroup(f.source, f.row, _plain(person), f.post_label or "")
        message = _plain(f.text(lang)) + "".join(f" ({d})" for d in f.details_in(lang))
        groups[key].findings.append(
            RowFinding(
                severity=t.get(f.severity, f.severity),
                level=f.severity,
                message=message,
                hint=_pick_text(f.hint, lang) if f.hint else "",
                citations=_citations(f, lang),
            )
        )
    return list(groups.values())


def roster_summary(findings: Sequence[Finding], lang: str) -> str:
    t = ROW_TEXTS["en" if lang == "en" else "id"]
    if not findings:
        return t["ok"]
    rows = {(f.source, f.row) for f in findings}
    violations = sum(1 for f in findings if f.severity == "Violation")
    warnings = sum(1 for f in findings if f.severity == "Warning")
    return t["summary"].format(n=len(findings), r=len(rows), v=violations, w=warnings)


def roster_html(findings: Sequence[Finding], lang: str, *, fragment: bool = False) -> str:
    """The report row by row: a whole HTML document (to download), or the part a page shows."""
    lang = "en" if lang == "en" else "id"
    template = environment().get_template("roster_report.html")
    return template.render(
        t=ROW_TEXTS[lang],
        lang=lang,
        groups=roster_rows(findings, lang),
        summary=roster_summary(findings, lang),
        conforms=not findings,
        fragment=fragment,
    )


def roster_text(findings: Sequence[Finding], lang: str) -> str:
    """The report row by row as plain text (what `roster_html` shows)."""
    lang = "en" if lang == "en" else "id"
    t = ROW_TEXTS[lang]
    lines = [t["title"], roster_summary(findings, lang)]
    for group in roster_rows(findings, lang):
        where = t["row"].format(row=group.row) if group.row else t["whole"]
        who = f": {group.person}" if group.person else ""
        post = f" · {t['post']} {group.post}" if group.post else ""
        lines += ["", f"{where}{who}{post} ({group.source})"]
        for item in group.findings:
            lines.append(f"  - {item.severity}: {item.message}")
            if item.hint:
                lines.append(f"    {t['fix']}: {item.hint}")
            for c in item.citations:
                named = f" {c.regulation}" if c.regulation else ""
                lines.append(f"    {t['rule']}: {c.provision}{named} <{c.iri}>")
    return "\n".join(lines) + "\n"


def roster_csv(findings: Sequence[Finding], lang: str) -> str:
    """One line per finding, for a spreadsheet: file, row, name, post, severity, finding, fix,
    provision, regulation, link. Separated by `;` in Indonesian (what a spreadsheet in that
    locale opens), `,` in English; with a BOM so that a spreadsheet reads it as UTF-8."""
    lang = "en" if lang == "en" else "id"
    t = ROW_TEXTS[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "id" else ",", lineterminator="\r\n")
    keys = ("file", "row", "person", "post", "severity", "message", "fix", "provision",
            "regulation", "link")  # fmt: skip
    writer.writerow([t[k] if k != "row" else t["row"].format(row="").strip() for k in keys])
    for group in roster_rows(findings, lang):
        for item in group.findings:
            cites = item.citations
            writer.writerow(
                [
                    group.source,
                    group.row or "",
                    group.person,
                    group.post,
                    item.severity,
                    item.message,
                    item.hint,
                    "; ".join(c.provision for c in cites),
                    "; ".join(sorted({c.regulation for c in cites if c.regulation})),
                    " ".join(c.iri for c in cites),
                ]
            )
    return "\ufeff" + out.getvalue()
