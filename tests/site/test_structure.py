"""The code's layout holds (README, "Layout"): no import circle, `mocsite` imports no app
except where it mounts them, and no module grows past about 400 lines. Read from the
source, every import statement, those inside functions too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("mocsite", "centre", "publications", "podcasts")
APPS = ("centre", "publications", "podcasts")
# mocsite mounts the apps' URLs and sitemaps, and the admin's index lists new requests.
MOCSITE_MAY_IMPORT_APPS = {"mocsite.urls", "mocsite.admin"}
MAX_LINES = 410  # "about 400": a module past it is split by what it does


def modules():
    """{dotted name: path} of the application code (migrations are Django's)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported(name, path, known):
    """The project modules that module `name` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    return {target for target in targets if target in known and target != name}


@pytest.fixture(scope="module")
def graph():
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def test_no_import_circle(graph):
    circles, state = [], {}

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_mocsite_imports_no_app_outside_its_urls_and_admin_index(graph):
    reaching = {
        name: sorted(target for target in targets if target.split(".")[0] in APPS)
        for name, targets in graph.items()
        if name.split(".")[0] == "mocsite" and name not in MOCSITE_MAY_IMPORT_APPS
    }
    assert {name: targets for name, targets in reaching.items() if targets} == {}


def test_no_module_is_over_about_400_lines():
    lengths = {name: len(path.read_text().splitlines()) for name, path in modules().items()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_the_graph_sees_imports_inside_functions(graph):
    # mocsite.admin imports centre.models inside a method (the admin index's requests).
    assert "centre.models" in graph["mocsite.admin"]
    assert "mocsite.reverting" in graph["mocsite.redirects"]
