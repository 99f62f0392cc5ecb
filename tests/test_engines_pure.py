"""The pure engines (parley/<app>/engine/) stay pure by construction.

Every module of every engine package imports in a fresh interpreter where importing Django
fails, and imports nothing from Parley outside the engine packages. Engine packages are found
on disk, so an engine added later (or merged from another branch) is checked without a change
here.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import parley

PARLEY = Path(parley.__file__).resolve().parent
ENGINES = sorted(
    f"parley.{init.parent.parent.name}.engine" for init in PARLEY.glob("*/engine/__init__.py")
)

# Runs in the child: Django cannot be imported; every engine module is imported; the Parley
# modules that were loaded are written out.
CHILD = """
import importlib, importlib.abc, json, pkgutil, sys

class NoDjango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError(f"an engine imported {name}")
        return None

sys.meta_path.insert(0, NoDjango())
imported = []
for engine in ENGINES:
    package = importlib.import_module(engine)
    imported.append(engine)
    for module in pkgutil.walk_packages(package.__path__, prefix=engine + "."):
        importlib.import_module(module.name)
        imported.append(module.name)
loaded = sorted(name for name in sys.modules if name == "parley" or name.startswith("parley."))
print(json.dumps({"imported": imported, "loaded": loaded}))
"""


def _modules_of(engine: str) -> list[Path]:
    return sorted((PARLEY.parent / engine.replace(".", "/")).rglob("*.py"))


def test_the_scheduling_engine_is_among_the_engines_found():
    assert "parley.scheduling.engine" in ENGINES


def test_every_engine_module_imports_where_django_cannot():
    child = subprocess.run(
        [sys.executable, "-c", f"ENGINES = {ENGINES!r}\n{CHILD}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=PARLEY.parent,
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    expected = sorted(
        ".".join(path.relative_to(PARLEY.parent).with_suffix("").parts).removesuffix(".__init__")
        for engine in ENGINES
        for path in _modules_of(engine)
    )
    assert sorted(report["imported"]) == expected
    # Besides the engines, only the packages that hold them were loaded (their __init__ files).
    holders = {"parley", *(engine.rsplit(".", 1)[0] for engine in ENGINES)}
    outside = [
        name
        for name in report["loaded"]
        if name not in holders and not any(name.startswith(e + ".") or name == e for e in ENGINES)
    ]
    assert outside == []


def _parley_imports(path: Path, engine: str) -> list[str]:
    """What a module imports from Parley, as absolute names (relative imports resolved)."""
    package = ".".join(path.relative_to(PARLEY.parent).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(PARLEY.parent).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "parley"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append(f"{base}.{node.module}" if node.module else base)
            elif node.module and node.module.split(".")[0] == "parley":
                found.append(node.module)
    return found


def test_engine_modules_import_nothing_from_parley_outside_the_engines():
    strays = {
        f"{path.relative_to(PARLEY.parent)}: {name}"
        for engine in ENGINES
        for path in _modules_of(engine)
        for name in _parley_imports(path, engine)
        if not any(name == e or name.startswith(e + ".") for e in ENGINES)
    }
    assert strays == set()
