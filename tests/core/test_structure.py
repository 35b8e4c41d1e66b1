"""The shape of the code: no module imports itself back through others (imports inside functions
count too: they only hide a circle), and the demo is one package."""
from __future__ import annotations

import ast
from pathlib import Path

import centre_desk

PACKAGE = Path(centre_desk.__file__).parent


def _import_graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.startswith("centre_desk"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names
                             if alias.name.startswith("centre_desk"))
        graph[name] = {module for module in found if module in modules and module != name}
    return graph


def _cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path of imports leading from ``start`` back to it, if there is one."""
    seen, stack = set(), [(start, [start])]
    while stack:
        module, path = stack.pop()
        for imported in graph[module]:
            if imported == start:
                return [*path, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*path, imported]))
    return None


def test_children_and_activities_do_not_import_each_other_back():
    graph = _import_graph()
    assert "centre_desk.core.services.children" in graph["centre_desk.core.services.activities"]
    assert _cycle_from(graph, "centre_desk.core.services.children") is None
    assert _cycle_from(graph, "centre_desk.core.services.activities") is None


# Known and left: making a backup applies the rotation rules (backups -> backup_policy, inside a
# function) and the rules list the backups (backup_policy -> backups). Any other circle fails.
KNOWN_CIRCLE = {("centre_desk.core.backup_policy", "centre_desk.core.backups")}


def test_no_module_of_the_program_imports_itself_back():
    graph = _import_graph()
    for first, second in KNOWN_CIRCLE:
        graph[second].discard(first)
    cycles = [cycle for module in sorted(graph) if (cycle := _cycle_from(graph, module))]
    assert cycles == []


def test_the_demo_is_one_package_with_the_same_entry_points():
    from centre_desk.core import demo
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD, build_demo  # noqa: F401

    assert Path(demo.__file__).name == "__init__.py"
    assert {path.name for path in Path(demo.__file__).parent.glob("*.py")} == {
        "__init__.py", "activities.py", "consents.py", "families.py", "names.py"}
    assert not list((PACKAGE / "core").glob("demo_*.py"))
