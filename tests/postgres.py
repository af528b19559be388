"""A throwaway PostgreSQL + PostGIS cluster for the tests.

``Cluster.start()`` runs Debian's ``initdb`` and ``pg_ctl`` in a fresh temporary folder, as an
unprivileged user when the tests run as root (PostgreSQL refuses to run as root), listening on
a Unix socket in that folder and on 127.0.0.1 at a free port. Local (socket) connections are
trusted; TCP connections need a password, so the credential tests use a real login.
``stop()`` shuts the server down and removes the folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
#: A login role that connects over TCP with a password (for the credential tests).
ANALYST, ANALYST_PASSWORD = "analyst", "s3cret-Pw-4-tests"
TEMPLATE = "geo_template"


def server_binary(name: str) -> str | None:
    """``initdb``/``pg_ctl`` from PATH or Debian's versioned folders (newest first)."""
    found = shutil.which(name)
    if found:
        return str(Path(found).resolve())  # Debian links them from /usr/lib/postgresql/NN/bin
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return candidates[-1] if candidates else None


def postgis_installed(initdb: str) -> bool:
    """Whether the server next to ``initdb`` has the PostGIS extension files."""
    pg_config = Path(initdb).with_name("pg_config")
    if not pg_config.exists():
        return False
    share = subprocess.run([str(pg_config), "--sharedir"], capture_output=True, text=True)
    return any(Path(share.stdout.strip(), "extension").glob("postgis--*.sql"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user (postgres, nobody) to run PostgreSQL as")


@dataclass
class Cluster:
    folder: Path
    port: int
    user: str | None  # the system user the server runs as (None: ourselves)
    pg_ctl: str

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def url(self, database: str = "postgres", user: str = ANALYST) -> str:
        """A socket URL (trusted: no password), as the analyst unless ``user`` is given."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str, *, password: str | None = None) -> str:
        auth = f"{ANALYST}:{password}" if password else ANALYST
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def _command(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(args, user=self.user, capture_output=True, text=True,
                              check=True, cwd=self.folder, **kwargs)

    @classmethod
    def start(cls, initdb: str) -> Cluster:
        user = _run_as()
        folder = Path(tempfile.mkdtemp(prefix="geo-pg-"))
        if user:
            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        cluster = cls(folder, _free_port(), user, str(Path(initdb).with_name("pg_ctl")))
        data = folder / "data"
        try:
            cluster._command([initdb, "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
            with open(data / "pg_hba.conf", "w") as hba:
                hba.write("local all all trust\n"
                          "host all all 127.0.0.1/32 scram-sha-256\n")
            options = (f"-k {folder} -p {cluster.port} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off -c full_page_writes=off -c synchronous_commit=off "
                       "-c shared_buffers=64MB -c max_connections=40")
            cluster._command([cluster.pg_ctl, "-D", str(data), "-l", str(folder / "log"),
                              "-o", options, "-w", "-t", "60", "start"])
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        cluster._prepare()
        return cluster

    def _prepare(self) -> None:
        import psycopg

        with psycopg.connect(self.url(user=SUPERUSER), autocommit=True) as con:
            con.execute(f"CREATE ROLE {ANALYST} LOGIN CREATEDB PASSWORD '{ANALYST_PASSWORD}'")
            con.execute(f"CREATE DATABASE {TEMPLATE} OWNER {ANALYST}")
        with psycopg.connect(self.url(TEMPLATE, SUPERUSER), autocommit=True) as con:
            con.execute("CREATE EXTENSION postgis")  # once: new databases copy it

    def new_database(self) -> str:
        """A fresh database with PostGIS, owned by the analyst role; returns its name."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(user=SUPERUSER), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER {ANALYST}")
        return name

    def stop(self) -> None:
        try:
            self._command([self.pg_ctl, "-D", str(self.folder / "data"), "-m", "immediate",
                           "-w", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
