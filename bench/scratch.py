"""Django on a scratch database for the benchmark scripts: a temporary SQLite file unless DATABASE_URL names one."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(prefix):
    """Configure and start Django, media in a temporary folder; returns that folder. Migrate it yourself."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialab.settings.dev")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")

    import django  # after the environment above: settings read it when Django loads

    django.setup()
    return workdir
