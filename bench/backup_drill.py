"""The backup drill on the demo, timed: load the demo, `manage.py backup`, `manage.py restore`
into an empty database and an empty media folder (which reads everything back against the
archive's manifest), on SQLite and on a throwaway PostgreSQL cluster (bench/pg.py).

    .venv/bin/python bench/backup_drill.py [--only sqlite|postgresql]

Writes bench/out/backup.json. Exit status 1 if a restore did not read back identical.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import _as_postgres, cluster  # noqa: E402
from served import ROOT  # noqa: E402


def _manage(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return time.monotonic() - started, done.stdout.strip()


def drill(database: str, folder: Path, source_url: str, target_url: str) -> dict[str, object]:
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    source = {**base, "DATABASE_URL": source_url, "VAR_DIR": str(folder / "site")}
    target = {**base, "DATABASE_URL": target_url, "VAR_DIR": str(folder / "restored")}
    _manage(source, "migrate", "--no-input")
    _manage(source, "loaddemo", "--force")
    archive = folder / "backup.tar"
    backup_seconds, backup_said = _manage(source, "backup", str(archive))
    restore_seconds, restore_said = _manage(target, "restore", str(archive))
    return {
        "database": database,
        "archive_bytes": archive.stat().st_size,
        "backup_s": round(backup_seconds, 2),
        "restore_s": round(restore_seconds, 2),
        "backup": backup_said,
        "restore": restore_said,
        "identical": "each read back identical to the backup" in restore_said,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="peerlearning-drill-") as work:
        folder = Path(work)
        if options.only != "postgresql":
            results.append(
                drill(
                    "sqlite",
                    folder / "sqlite",
                    f"sqlite:///{folder / 'site.sqlite3'}",
                    f"sqlite:///{folder / 'restored.sqlite3'}",
                )
            )
        if options.only != "sqlite":
            with cluster() as server:
                _as_postgres(
                    f"{server.bin}/createdb -h 127.0.0.1 -p {server.port} -U postgres restored"
                )
                results.append(
                    drill(
                        "postgresql",
                        folder / "pg",
                        server.url,
                        server.url[: -len("peerlearning")] + "restored",
                    )
                )
    out = ROOT / "bench" / "out" / "backup.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1, ensure_ascii=False))  # noqa: T201
    sys.exit(0 if all(result["identical"] for result in results) else 1)


if __name__ == "__main__":
    main()
