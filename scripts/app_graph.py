#!/usr/bin/env python
"""How Eunomia's apps import each other: `python scripts/app_graph.py`.

Prints the apps, the pairs of apps that import each other (directly, in either direction), and the
imports of Eunomia modules placed inside a function. The layers themselves are checked by
import-linter (`lint-imports`, the contract in pyproject.toml); this counts what the contract
cannot: a pair importing each other breaks it, but a function-level import is invisible to a
reader skimming a module's head, which is why the project allows none (docs/adr/0038).

Reads the source only (the ast), so it needs no Django set-up and no database.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eunomia"


def apps(package=PACKAGE):
    return sorted(p.name for p in package.iterdir() if (p / "__init__.py").exists())


def _modules(package):
    for path in sorted(package.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported(node):
    """The eunomia modules an import statement names."""
    if isinstance(node, ast.ImportFrom) and not node.level and node.module:
        if node.module == "eunomia":
            return [f"eunomia.{alias.name}" for alias in node.names]
        if node.module.startswith("eunomia."):
            return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("eunomia.")]
    return []


def imports(package=PACKAGE):
    """[(path, line, imported module, inside a function?)] for every import of a eunomia module."""
    found = []
    for path in _modules(package):
        tree = ast.parse(path.read_text(), filename=str(path))

        def visit(node, in_function):
            for child in ast.iter_child_nodes(node):
                for module in _imported(child):
                    found.append((path, child.lineno, module, in_function))
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

        visit(tree, False)
    return found


def app_of(path, package=PACKAGE):
    parts = path.relative_to(package).parts
    return parts[0] if len(parts) > 1 else None


def app_edges(package=PACKAGE):
    known = set(apps(package))
    edges = defaultdict(set)
    for path, _, module, _ in imports(package):
        source, target = app_of(path, package), module.split(".")[1]
        if source and target in known and source != target:
            edges[source].add(target)
    return edges


def mutual_pairs(package=PACKAGE):
    edges = app_edges(package)
    return sorted((a, b) for a in edges for b in edges[a] if a < b and a in edges.get(b, ()))


def function_level_imports(package=PACKAGE):
    return [(path, line, module) for path, line, module, inside in imports(package) if inside]


def main():
    root = PACKAGE.parent
    pairs = mutual_pairs()
    inside = function_level_imports()
    print(f"apps: {len(apps())}")
    print(f"pairs of apps importing each other: {len(pairs)}")
    for a, b in pairs:
        print(f"  {a} <-> {b}")
    print(f"imports inside functions: {len(inside)}")
    for path, line, module in inside:
        print(f"  {path.relative_to(root)}:{line} {module}")
    return 1 if pairs or inside else 0


if __name__ == "__main__":
    sys.exit(main())
