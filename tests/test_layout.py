"""The house rules a newcomer relies on (README, Layout): imports flow one way, roles are read in one module,
and the Layout table names every folder of the repository."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kpiplan", "plans", "accounts", "voc", "kam", "complaints", "quarters", "operations")
# Each app and the apps it may never import (README, Layout: a row imports the rows above it only).
FORBIDDEN = {
    "kpiplan/lib": {"plans", "accounts", "voc", "kam", "complaints", "quarters", "operations"},
    "plans": {"accounts", "voc", "kam", "complaints", "quarters", "operations"},
    "accounts": {"voc", "kam", "complaints", "quarters", "operations"},
    "voc": {"accounts", "kam", "complaints", "quarters", "operations"},
    "kam": {"accounts", "voc", "complaints", "quarters", "operations"},
    "complaints": {"accounts", "voc", "kam", "quarters", "operations"},
    "quarters": {"voc", "kam", "complaints", "operations"},  # records reach it through the measure registry
}


def _sources(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder", list(FORBIDDEN))
def test_imports_flow_one_way(folder):
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imported(path) & FORBIDDEN[folder]) for path in _sources(folder)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


ROLE_COMPARISON = re.compile(r"\brole\s*(==|!=)|\.role\s+(not\s+)?in\b|role__in\b")


def test_no_role_is_compared_outside_the_access_module():
    """plans/access.py is the one module that reads roles; demo data and worlds only give people roles."""
    found = []
    for folder in (*APPS, "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            if path == ROOT / "plans" / "access.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ROLE_COMPARISON.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_readme_layout_table_names_every_folder():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.splitlines()
    if not tracked:
        pytest.skip("not a git checkout")
    folders = {line.split("/")[0] for line in tracked if "/" in line and not line.startswith(".")}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in layout.splitlines() if line.startswith("| `")]
    named = {name for cell in first_cells for name in re.findall(r"`([^`/]+)/", cell)}
    assert folders - named == set(), "folders missing from the README's Layout table"
    assert named - folders == set(), "Layout rows naming folders that do not exist"
