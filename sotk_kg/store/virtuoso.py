"""OpenLink Virtuoso (open-source edition 7.2, Debian `virtuoso-opensource`) as the remote store.

Three things the Graph Store Protocol push of `store/remote.py` does not cover:
- a server of our own in a folder (`VirtuosoServer`, from a generated `virtuoso.ini` with loopback
  ports and the query time and row limits set): for the tests and the benchmarks;
- its bulk loader (`bulk_load`): the quads written as N-Quads files into a folder the server may
  read (`DirsAllowed`), then `ld_dir` / `rdf_loader_run()` through `isql`, much faster than HTTP
  for a large corpus;
- its free-text index on literals (`bif:contains`), enabled by the bulk load.

`isql` takes the SQL password as an argument (it reads no environment variable and asks on the
terminal otherwise), so it shows in the process list while the bulk load runs: run it on the
database host as the service user. The Graph Store push needs no isql.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

# Debian installs the server and its SQL client under these names; upstream builds as
# `virtuoso-t` and `isql`.
SERVER_NAMES = ("virtuoso-t",)
ISQL_NAMES = ("isql-vt", "isql-v", "isql")
# Virtuoso's free-text index rule for every graph and predicate (the rule's name is ours).
TEXT_INDEX_RULE = "sotk_kg_all"


class VirtuosoError(RuntimeError):
    """Virtuoso could not be started, or an `isql` script failed (its output is the message)."""


def find_program(names: Iterable[str]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def ini_text(
    folder: Path,
    http_port: int,
    sql_port: int,
    *,
    timeout_s: int = 30,
    max_rows: int = 200_000,
    buffers: int = 20_000,
    dirs_allowed: Iterable[Path] = (),
) -> str:
    """A `virtuoso.ini` keeping the database, its logs and the bulk loader's files in `folder`,
    listening on 127.0.0.1 only. `max_rows` must be above the endpoint's own row cap, since
    Virtuoso cuts a result silently at `ResultSetMaxRows`; `timeout_s` is Virtuoso's own limit,
    the one that ends a query on its side (ours only stops waiting)."""
    dirs = ", ".join([".", str(folder), *(str(d) for d in dirs_allowed)])
    return f"""\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {dirs}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = 0
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class VirtuosoServer:
    """A Virtuoso server of our own in `folder` (created if missing), on free loopback ports;
    a context manager that waits until its SPARQL endpoint answers and stops it on exit."""

    user = "dba"

    def __init__(self, folder: Path, *, timeout_s: int = 30, max_rows: int = 200_000,
                 buffers: int = 20_000, start_timeout: float = 120.0) -> None:  # fmt: skip
        exe = find_program(SERVER_NAMES)
        if exe is None:
            raise VirtuosoError("virtuoso-t is not installed (Debian: apt install "
                                "virtuoso-opensource)")  # fmt: skip
        self.exe = exe
        self.folder = folder.resolve()
        self.load_dir = self.folder / "load"
        self.http_port, self.sql_port = _free_port(), _free_port()
        self.ini = ini_text(self.folder, self.http_port, self.sql_port, timeout_s=timeout_s,
                            max_rows=max_rows, buffers=buffers,
                            dirs_allowed=[self.load_dir])  # fmt: skip
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_s = 0.0
        # a new database's `dba` password is "dba"; ours gets a random one at start
        self.password = secrets.token_hex(12)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    @property
    def gsp(self) -> str:
        """The Graph Store Protocol endpoint that takes digest auth (SPARQL_UPDATE role)."""
        return f"{self.url}/sparql-graph-crud-auth"

    @property
    def sql(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    def start(self) -> VirtuosoServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.load_dir.mkdir(exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(self.ini, encoding="utf-8")
        started = time.monotonic()
        self.proc = subprocess.Popen(
            [self.exe, "-c", str(ini), "+foreground"], cwd=self.folder,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        ask = f"{self.sparql}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        while True:
            try:
                with urllib.request.urlopen(ask, timeout=2) as resp:
                    resp.read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.proc.poll() is not None or time.monotonic() - started > self.start_timeout:
                    self.stop()
                    raise VirtuosoError(f"Virtuoso did not start: {self.log_tail()}") from None
                time.sleep(0.2)
        try:
            isql(self.sql, self.user, "dba", f"USER_SET_PASSWORD ('dba', '{self.password}');")
        except VirtuosoError:
            self.stop()
            raise
        self.startup_s = time.monotonic() - started
        return self

    def log_tail(self, lines: int = 15) -> str:
        log = self.folder / "virtuoso.log"
        if not log.exists():
            return "(no log)"
        return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Ends the server (SIGTERM: Virtuoso checkpoints and exits; SIGKILL after 30 s)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.glob("virtuoso*.db"))

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.stop()


def isql(address: str, user: str, password: str, script: str, timeout: float = 3600.0) -> str:
    """Runs `script` (SQL statements, each ending with `;`) through `isql` as `user`; returns its
    output. Raises VirtuosoError when a statement fails (isql goes on after an error, so its
    output is read for `*** Error`)."""
    exe = find_program(ISQL_NAMES)
    if exe is None:
        raise VirtuosoError("isql-vt is not installed (Debian: apt install virtuoso-opensource)")
    # isql takes the password as an argument only (it asks on /dev/tty otherwise): it is in the
    # process list for the load's duration, so run the bulk load on the database host.
    proc = subprocess.run(
        [exe, address, user, password], input=(script + "\nEXIT;\n").encode(),
        capture_output=True, timeout=timeout, check=False,
    )  # fmt: skip
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0 or "*** Error" in out:
        errors = [line for line in out.splitlines() if line.startswith("*** Error")]
        raise VirtuosoError(f"isql {address} as {user}: {'; '.join(errors) or out[-2000:]}")
    return out


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI that can be written in SPARQL: {value!r}")
    return f"<{value}>"


def write_graph_files(quads: Iterable[ox.Quad], folder: Path) -> dict[str, int]:
    """The quads as one N-Quads file per named graph in `folder` (emptied of earlier `.nq`
    files first); returns triples per graph. A graph's quads may come in several runs."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.nq"):
        old.unlink()
    counts: dict[str, int] = {}
    files: dict[str, Path] = {}
    current: str | None = None
    batch: list[ox.Quad] = []

    def flush() -> None:
        if current is None or not batch:
            return
        path = files.setdefault(current, folder / f"graph-{len(files):06d}.nq")
        with path.open("ab") as out:
            ox.serialize(batch, out, format=ox.RdfFormat.N_QUADS)
        counts[current] = counts.get(current, 0) + len(batch)

    for quad in quads:
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise ValueError(f"quad outside a named graph: {quad}")
        name = quad.graph_name.value
        if name != current:
            flush()
            current, batch = name, []
        batch.append(quad)
    flush()
    return counts


def bulk_load_script(folder: Path, graphs: Iterable[str], text_index: bool = True) -> str:
    """The `isql` script that replaces `graphs` with the N-Quads files of `folder`."""
    lines = [f"SPARQL CLEAR GRAPH {_iri(g)};" for g in graphs]
    # The loader remembers files it loaded; forget this folder's so that a reload reads them.
    mine = _sql_string(f"{folder}/%")
    lines.append(f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE {mine};")
    if text_index:
        # Literals of every graph go into the free-text index (bif:contains), filled as loaded.
        lines.append(f"DB.DBA.RDF_OBJ_FT_RULE_ADD (null, null, {_sql_string(TEXT_INDEX_RULE)});")
    lines += [
        f"ld_dir ({_sql_string(str(folder))}, '*.nq', 'urn:sotk-kg:unnamed');",
        "rdf_loader_run ();",
        "SELECT LL_FILE, LL_ERROR FROM DB.DBA.LOAD_LIST WHERE LL_ERROR IS NOT NULL;",
    ]
    if text_index:
        lines.append("DB.DBA.VT_INC_INDEX_DB_DBA_RDF_OBJ ();")
    lines.append("checkpoint;")
    return "\n".join(lines)


def bulk_load(quads: Iterable[ox.Quad], folder: Path, address: str, user: str, password: str,
              *, text_index: bool = True) -> dict[str, int]:  # fmt: skip
    """Replaces each named graph of `quads` on the Virtuoso server at `address` (its SQL port)
    through its bulk loader; `folder` must be one the server may read (its `DirsAllowed`) and
    this process write. Returns triples per graph. Raises VirtuosoError."""
    folder = folder.resolve()
    counts = write_graph_files(quads, folder)
    out = isql(address, user, password, bulk_load_script(folder, counts, text_index))
    if "LL_ERROR" in out and ".nq" in out.split("LL_ERROR", 1)[1]:
        raise VirtuosoError(f"the bulk loader refused a file: {out.split('LL_ERROR', 1)[1][:2000]}")
    return counts


def enable_text_index(address: str, user: str, password: str) -> None:
    """Free-text index on every graph's literals, for data loaded by HTTP (GSP)."""
    isql(address, user, password,
         f"DB.DBA.RDF_OBJ_FT_RULE_ADD (null, null, {_sql_string(TEXT_INDEX_RULE)});\n"
         "DB.DBA.VT_INC_INDEX_DB_DBA_RDF_OBJ ();")  # fmt: skip


def create_loader_user(address: str, admin_password: str, user: str, password: str) -> None:
    """A user allowed to write through the authenticated Graph Store endpoint and nothing more."""
    isql(address, "dba", admin_password,
         f"DB.DBA.USER_CREATE ({_sql_string(user)}, {_sql_string(password)});\n"
         f'GRANT SPARQL_UPDATE TO "{user}";')  # fmt: skip
