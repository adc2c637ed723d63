"""Every environment variable the code reads is documented in the README."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = re.compile(
    r"""(?:(?:env_str|env_bool|env_int|env_list|env_required|environ\.get|getenv)\(\s*|\benv=)["']([A-Z][A-Z0-9_]+)["']"""
)
# Every package of the project: the ones its import-linter contracts cover.
SOURCE_DIRS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def variables_read_by_the_code():
    found = set()
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            if "tests" in path.parts and path.name.startswith("test_"):
                continue
            found.update(READERS.findall(path.read_text()))
    return found


def test_every_environment_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    variables = variables_read_by_the_code()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "ELASTICSEARCH_URL", "MEDIA_ROOT"} <= variables
    missing = sorted(name for name in variables if f"`{name}`" not in readme)
    assert not missing, f"document these variables in README.md: {missing}"
