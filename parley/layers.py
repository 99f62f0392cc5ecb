"""The apps' layers, and every dependency between apps as the source code states it.

`python -m parley.layers` prints the graph and exits 1 when an app depends on one that is not
below it (tests/test_layers.py runs the same check). An app depends on another when one of its
modules, migrations aside (they are history), imports it, looks a model of it up by name
(`apps.get_model("talks", ...)`), or declares a relation to one of its models
(`ForeignKey("talks.Process")`): a string is a dependency too.

A pure engine (`parley/<app>/engine/`) is a library, not its app: it uses nothing of Parley
(tests/test_engines_pure.py), so any app may use it without depending on the app around it.

Apps import downward only, never sideways within a layer, so there is no cycle by construction;
the check looks for cycles anyway, in case the layers themselves are ever edited into one.
"""

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Lowest first. An app may depend on the apps of the layers before its own, and on nothing else.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("talks",),
    ("venues", "texts", "hostservices"),
    ("scheduling",),
    ("api", "demo"),
)
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True, order=True)
class Dependency:
    source: str  # the app that depends
    target: str  # the app it depends on
    where: str  # path:line of the statement
    how: str  # "import", "get_model" or "relation"


def apps() -> list[str]:
    return [app for layer in LAYERS for app in layer]


def layer_of(app: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if app in layer)


def _modules(app: str) -> Iterator[Path]:
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "migrations" not in path.relative_to(PACKAGE).parts:
            yield path


def _package_of(path: Path) -> list[str]:
    parts = ["parley", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts if path.name == "__init__.py" else parts[:-1]


def _app_of_module(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "parley" and parts[1] in apps():
        return None if parts[2:3] == ["engine"] else parts[1]
    return None


def _app_of_label(value: str) -> str | None:
    label = value.split(".")[0]
    return label if label in apps() else None


def _call_name(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def references(source: str, package: list[str]) -> Iterator[tuple[str, int, str]]:
    """(app, line, how) for every reference a module makes to an app, its own included.

    `package` is the module's package as a list ("parley", "venues", "actions"): relative
    imports are read from there.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_of_module(alias.name):
                    yield app, node.lineno, "import"
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if app := _app_of_module(module):
                yield app, node.lineno, "import"
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "get_model" and node.args:
                if app := _app_of_label(_string(node.args[0]) or ""):
                    yield app, node.lineno, "get_model"
            elif name in RELATIONS:
                to = node.args[0] if node.args else None
                to = next((k.value for k in node.keywords if k.arg == "to"), to)
                value = _string(to)
                if value and "." in value and (app := _app_of_label(value)):
                    yield app, node.lineno, "relation"


def dependencies() -> list[Dependency]:
    """Every reference from one app to another, with where it is made."""
    found = set()
    for app in apps():
        for path in _modules(app):
            where = path.relative_to(PACKAGE.parent)
            for target, line, how in references(path.read_text(), _package_of(path)):
                if target != app:
                    found.add(Dependency(app, target, f"{where}:{line}", how))
    return sorted(found)


def graph(found: list[Dependency]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {app: set() for app in apps()}
    for dependency in found:
        edges[dependency.source].add(dependency.target)
    return edges


def against_the_layers(found: list[Dependency]) -> list[Dependency]:
    """Dependencies on an app of the same layer or a higher one."""
    return [d for d in found if layer_of(d.target) >= layer_of(d.source)]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle of the app graph, each once, as the list of apps around it."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for target in sorted(edges[path[-1]]):
            if target == path[0]:
                found.append(path)
            elif target not in path and target > path[0]:
                walk([*path, target])

    for app in sorted(edges):
        walk([app])
    return found


def report() -> tuple[str, bool]:
    found = dependencies()
    edges = graph(found)
    wrong = against_the_layers(found)
    circles = cycles(edges)
    lines = ["Layers, lowest first (an app may use only the layers before its own):"]
    lines += [f"  {index}: {', '.join(layer)}" for index, layer in enumerate(LAYERS)]
    lines += ["", "Apps and the apps they use:"]
    width = max(len(app) for app in apps())
    for app in apps():
        uses = sorted(edges[app], key=lambda target: (layer_of(target), target))
        lines.append(f"  {app:<{width}}  -> {', '.join(uses) if uses else '(nothing)'}")
    lines.append("")
    lines += [f"  AGAINST THE LAYERS: {d.source} -> {d.target} ({d.how}, {d.where})" for d in wrong]
    lines += [f"  CYCLE: {' -> '.join([*circle, circle[0]])}" for circle in circles]
    lines.append(f"{len(wrong)} dependencies against the layers, {len(circles)} cycles.")
    return "\n".join(lines), not wrong and not circles


def main() -> int:
    text, sound = report()
    print(text)
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
