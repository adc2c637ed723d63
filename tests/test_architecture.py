"""The layout tells the architecture (DESIGN §1): layers without cycles, infrastructure that knows no page app,
small modules, and function-local imports only where a reason is written beside them."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def project_modules():
    """Every Python module of the project's packages and scripts, migrations left out."""
    for directory in [*PACKAGES, "bench"]:
        for path in sorted((ROOT / directory).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=tree, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def tree_copy(tmp_path):
    """The packages' Python files and the contracts, copied: a place to add a forbidden import."""

    def python_only(directory, names):
        return [n for n in names if n == "__pycache__" or not (n.endswith(".py") or Path(directory, n).is_dir())]

    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=python_only)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(tree, module, statement):
    """Append a function that imports `statement`: hidden imports count as much as module-level ones."""
    path = tree / module
    path.write_text(path.read_text() + f"\n\ndef _probe():\n    {statement}  # noqa\n")


def test_the_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "expected"),
    [
        pytest.param(
            "base/visibility.py",
            "from home.models import HomePage",
            ["Each app imports only from the layers below it", "base.visibility -> home.models"],
            id="upward",
        ),
        pytest.param(
            "partners/models.py",
            "from practices.models import PracticePage",
            ["partners.models -> practices.models"],
            id="between-page-apps",
        ),
        pytest.param(
            "search/indexing.py",
            "from practices.models import PracticePage",
            [
                "Search and exchange know no page app: page apps register with them BROKEN",
                "search is not allowed to import practices",
            ],
            id="infrastructure-to-page-app",
        ),
    ],
)
def test_a_forbidden_import_breaks_make_lint(tree_copy, module, statement, expected):
    add_import(tree_copy, module, statement)
    result = lint_imports(tree_copy)
    assert result.returncode == 1
    for words in expected:
        assert words in result.stdout


def test_every_package_is_under_contract():
    """A new app must be placed in the layers, or it would escape them."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"socialab", "tests"}
    assert apps <= set(PACKAGES), f"add to [tool.importlinter] root_packages and layers: {sorted(apps - set(PACKAGES))}"


def test_every_app_s_tests_are_collected():
    """An app missing from pytest's testpaths has tests that CI never runs (editorial's, for a while)."""
    testpaths = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    with_tests = {path.parent.parent.name for path in ROOT.glob("*/tests/test_*.py")} | {"tests"}
    assert with_tests <= testpaths, f"add to [tool.pytest.ini_options] testpaths: {sorted(with_tests - testpaths)}"


def test_no_module_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)} ({count})"
        for path in project_modules()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not long, f"split these modules: {long}"


def function_local_imports(path):
    """(line, statement) of every import inside a function of the module at `path`."""
    tree = ast.parse(path.read_text())
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node.lineno


def explained(lines, number):
    """A comment on the import's line, or in the run of imports it belongs to, or on the line above that run."""
    index = number - 1
    while index > 0 and (
        not lines[index - 1].strip() or lines[index - 1].strip().startswith(("from ", "import ", "#"))
    ):
        index -= 1
    return any("#" in line for line in lines[max(index - 1, 0) : number])


def test_function_local_imports_say_why():
    """An import hidden in a function needs its reason beside it."""
    unexplained = []
    for path in project_modules():
        if path.name.startswith("test_") or path.name == "conftest.py":
            continue  # tests import what a test needs where it needs it
        lines = path.read_text().splitlines()
        for number in function_local_imports(path):
            if not explained(lines, number):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}")
    assert not unexplained, f"move these imports to the top of their module, or say why they wait: {unexplained}"


# Besides the exchange app's own tests, the demo loader's (which imports by design) and a page app's tests of its
# own exchange record (`test_exchange*.py`, exchange tests that live with the record), one end-to-end test imports.
IMPORTER_USERS = {"search/tests/test_views.py"}


def test_tests_build_content_with_factories_not_the_importer():
    importers = set()
    for path in project_modules():
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" not in f"/{relative}" or relative.startswith(("exchange/", "demo/", "bench/")):
            continue
        if path.name.startswith("test_exchange"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if any(name.startswith(("exchange.loader", "exchange.importing")) for name in names):
                importers.add(relative)
    assert importers == IMPORTER_USERS
