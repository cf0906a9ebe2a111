"""How every benchmark script starts: a database folder of its own under bench/out/, then Django.

SQLite by default (a fresh file each run); PostgreSQL when DATABASE_URL is set, unless the script
measures something that must run on SQLite alone (`sqlite_only`).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(name: str = "", *, sqlite_only: bool = False) -> Path:
    sys.path.insert(0, str(ROOT))
    out = ROOT / "bench" / "out" / name if name else ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if sqlite_only:
        os.environ.pop("DATABASE_URL", None)
        os.environ["VAR_DIR"] = str(out)
    if not os.environ.get("DATABASE_URL"):
        (out / "peerlearning.sqlite3").unlink(missing_ok=True)
    os.environ.setdefault("VAR_DIR", str(out))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlearning.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    return out
