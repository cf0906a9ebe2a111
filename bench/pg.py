"""A throwaway PostgreSQL cluster for the benchmarks, as .ci/run starts one: initdb in a
temporary folder, loopback only, removed at the end. Run as root (it starts the server as the
`postgres` user) or as a user who may run initdb.

    with cluster() as server: server.url, server.restart(), server.stop()
"""

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


def _bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (Debian: postgresql)")
    return found[-1].parent


def _as_postgres(command: str) -> None:
    wrapped = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
    subprocess.run(wrapped, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/peerlearning"

    def _ctl(self, action: str, *options: str) -> None:
        _as_postgres(
            f"{self.bin}/pg_ctl -D {self.folder}/data -l {self.folder}/log -w "
            f"{' '.join(options)} {action}"
        )

    def start(self) -> None:
        server_options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._ctl("start", f"-o '{server_options}'")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", f"-m {mode}")


@contextmanager
def cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="peerlearning-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = Cluster(folder, port, _bin())
    _as_postgres(
        f"{server.bin}/initdb -D {folder}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8"
    )
    server.start()
    try:
        _as_postgres(f"{server.bin}/createdb -h 127.0.0.1 -p {port} -U postgres peerlearning")
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
