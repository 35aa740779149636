"""Result cache of structure validations (issue 7): a regulation whose inputs have not changed is
not validated again, so adding one regulation to a corpus of 1,000 validates one.

An entry holds what rebuilding one structure's outcome takes without pySHACL: `conforms`, the
`sh:ValidationReport` as N-Triples and the findings (every language they carry: the same entry
serves `--lang id` and `en`). Its key is a sha256 over everything the entry depends on
(`context_digest` + `entry_key`): the regulation file's bytes, its name and how it is read, every
structure shapes file, every ontology and scheme file, the base, `CACHE_FORMAT`, the versions of
pySHACL, rdflib and pyoxigraph, and the code that makes the result (`code_identity`):

- installed from a wheel: the package's version. A release that changes results has a new
  version; a change of meaning that the version would not show (what an entry holds, how findings
  are extracted, a dependency's behaviour) bumps `CACHE_FORMAT` by hand.
- in a checkout (an editable install, or the source tree without any install): developers change
  the code without bumping the version, so the sha256 of every `sotk_kg/**/*.py` file is added:
  any code change validates everything again. No list of modules to keep up to date.

What is applied after the entry is made (the documented source defects) is not part of it.

Files: `<dir>/<key>.json`, a header line `sotk-kg-validation <CACHE_FORMAT> <sha256 of the
body>` then the JSON body; written to a temporary file and moved into place (`os.replace`), so a
reader sees a whole entry or none. An entry that cannot be read, has another format or fails its
checksum is ignored with a warning and recomputed. Validating the whole published graph prunes
the entries it did not use (`prune`); other runs (structure files) only add entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from sotk_kg.checks.findings import Finding

# Bump by hand when what a cached result means changes in a way the package's version would not
# show (what an entry holds, how findings are extracted, a dependency's behaviour).
CACHE_FORMAT = 2  # 2: findings carry hint, post_label, provision_works
_MAGIC = "sotk-kg-validation"
DISTRIBUTION = "sotk-kg"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # sotk_kg/
_ENGINES = ("pyshacl", "rdflib", "pyoxigraph")
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMP = re.compile(r"\.[0-9a-f]{64}\.json\.[^/]*\.tmp")
_STALE_TEMP_S = 3600.0  # a temporary file this old was left by a writer that died

log = logging.getLogger(__name__)


@dataclass
class Entry:
    """One structure's validation result, as the cache and the worker processes carry it."""

    conforms: bool
    report: str  # the sh:ValidationReport graph as N-Triples
    findings: list[Finding]

    def to_json(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "report": self.report,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        conforms, report = data["conforms"], data["report"]
        if not isinstance(conforms, bool) or not isinstance(report, str):
            raise ValueError("conforms or report of the wrong type")
        return cls(conforms, report, [Finding(**f) for f in data["findings"]])


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        # length-prefixed: ("ab", "c") and ("a", "bc") never hash alike
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def package_version() -> str:
    """The installed version of sotk-kg; "unknown" in a source tree that was never installed."""
    return _version(DISTRIBUTION)


def installed_copy() -> bool:
    """Whether this code is an installed wheel's own copy of its files, listed in the RECORD of
    its .dist-info. Anything else is a checkout: an editable install's RECORD lists only a path
    hook, a source tree's .egg-info has no RECORD, and a source tree put on the path in front of
    an installed wheel is another file than the one the RECORD names."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return False
    here = Path(__file__).resolve()
    relative = here.relative_to(PACKAGE_DIR.parent).as_posix()
    if dist.read_text("RECORD") is None or relative not in {str(f) for f in dist.files or ()}:
        return False
    return Path(str(dist.locate_file(relative))).resolve() == here


def source_digest(package_dir: Path) -> str:
    """sha256 over every *.py file under `package_dir`: its path there and its bytes."""
    files = sorted(package_dir.rglob("*.py"))
    return _digest(
        part
        for path in files
        for part in (path.relative_to(package_dir).as_posix().encode(), path.read_bytes())
    )


def code_identity() -> list[str]:
    """The code that makes a result: the package's version, plus its sources in a checkout."""
    identity = [f"{DISTRIBUTION}={package_version()}"]
    if not installed_copy():
        identity.append(f"sources={source_digest(PACKAGE_DIR)}")
    return identity


def context_digest(files: Iterable[tuple[str, Path]], base: str) -> str:
    """What every entry of one run depends on: `CACHE_FORMAT`, the code (`code_identity`), the
    engines' versions, the base, and files (shapes, ontology), each as a name that does not depend
    on where they are, and its bytes."""
    parts = [f"{_MAGIC} {CACHE_FORMAT}".encode(), base.encode()]
    parts += [part.encode() for part in code_identity()]
    parts += [f"{p}={_version(p)}".encode() for p in _ENGINES]
    for name, path in files:
        parts += [name.encode(), path.read_bytes()]
    return _digest(parts)


def entry_key(context: str, name: str, kind: str, payload_digest: str) -> str:
    """The key of one structure: the run's context, its name (the findings carry it), how it is
    read (`kind`) and the sha256 of its bytes."""
    return _digest(p.encode() for p in (context, name, kind, payload_digest))


def payload_digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


class ResultCache:
    """Entries in one directory; every failure to read or write is a warning, never an error."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._write_failed = False

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("validation cache: cannot read %s (%s); validating again", path, exc)
            return None
        try:
            header, _, body = raw.partition(b"\n")
            magic, version, checksum = header.decode("ascii").split(" ")
            if magic != _MAGIC or version != str(CACHE_FORMAT):
                raise ValueError(f"not an entry of format {CACHE_FORMAT}")
            if payload_digest(body) != checksum:
                raise ValueError("checksum mismatch")
            return Entry.from_json(json.loads(body))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            log.warning("validation cache: ignoring unusable entry %s (%s); validating again",
                        path, exc)  # fmt: skip
            return None

    def put(self, key: str, entry: Entry) -> None:
        body = json.dumps(entry.to_json(), ensure_ascii=False).encode()
        data = f"{_MAGIC} {CACHE_FORMAT} {payload_digest(body)}\n".encode() + body
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=f".{key}.json.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, self._path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as exc:
            if not self._write_failed:  # once per run, not once per regulation
                log.warning("validation cache: cannot write to %s (%s); results not cached",
                            self.directory, exc)  # fmt: skip
            self._write_failed = True

    def prune(self, keep: set[str], started: float) -> int:
        """Delete the entries not in `keep` that are older than `started` (a concurrent run may
        have just written one), and stale temporary files. Only our own file names are touched:
        `--cache-dir` may point anywhere. Returns how many files were deleted."""
        removed = 0
        try:
            listing = list(os.scandir(self.directory))
        except OSError:
            return 0
        now = time.time()
        for item in listing:
            try:
                mtime = item.stat().st_mtime
                if _ENTRY.fullmatch(item.name):
                    stale = item.name[:-5] not in keep and mtime < started
                else:
                    stale = bool(_TEMP.fullmatch(item.name)) and now - mtime > _STALE_TEMP_S
                if stale:
                    os.unlink(item.path)
                    removed += 1
            except OSError:
                continue  # gone already, or not ours to delete
        return removed
