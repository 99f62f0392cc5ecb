"""The apps import downward only (core <- talks <- venues, texts, hostservices <- scheduling <-
api, demo), never in a circle; `python -m parley.layers` prints the graph this checks."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from parley import layers


def test_no_app_depends_on_one_that_is_not_below_it():
    assert layers.against_the_layers(layers.dependencies()) == []


def test_the_apps_depend_on_each_other_in_no_circle():
    assert layers.cycles(layers.graph(layers.dependencies())) == []


def test_the_core_depends_on_no_app():
    assert layers.graph(layers.dependencies())["core"] == set()


def test_every_app_of_the_project_stands_in_a_layer():
    on_disk = {path.parent.name for path in layers.PACKAGE.glob("*/apps.py")}
    installed = {app.split(".")[1] for app in settings.INSTALLED_APPS if app.startswith("parley.")}
    assert on_disk == installed == set(layers.apps())


def test_every_kind_of_reference_counts_as_a_dependency_but_a_pure_engine_is_a_library():
    source = "\n".join(
        [
            "import parley.talks.models",
            "from parley.venues.models import Room",
            "from ...texts import rules",
            "from . import queries",
            "Process = apps.get_model('talks', 'Process')",
            "booking = models.ForeignKey('venues.Booking', on_delete=models.CASCADE)",
            "proposal = models.OneToOneField(to='texts.Proposal', on_delete=models.CASCADE)",
            "shares = models.ManyToManyField('hostservices.ServiceRequest')",
            "user = models.ForeignKey('auth.User', on_delete=models.CASCADE)",
            "self_link = models.ForeignKey('self', on_delete=models.CASCADE)",
            "from parley.texts.engine.notation import parse",
            "from parley.scheduling.engine import solver",
        ]
    )
    found = sorted(layers.references(source, ["parley", "core", "sub"]))
    assert found == [
        ("core", 4, "import"),
        ("hostservices", 8, "relation"),
        ("talks", 1, "import"),
        ("talks", 5, "get_model"),
        ("texts", 3, "import"),
        ("texts", 7, "relation"),
        ("venues", 2, "import"),
        ("venues", 6, "relation"),
    ]


def test_a_dependency_sideways_or_upward_is_against_the_layers():
    sideways = layers.Dependency("venues", "hostservices", "x.py:1", "import")
    upward = layers.Dependency("core", "talks", "x.py:2", "get_model")
    downward = layers.Dependency("scheduling", "venues", "x.py:3", "import")
    assert layers.against_the_layers([sideways, upward, downward]) == [sideways, upward]


def test_cycles_are_found_each_once():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "b"}, "d": {"a"}}
    assert layers.cycles(edges) == [["a", "b", "c"], ["b", "c"]]


def test_the_command_prints_the_graph_and_says_it_is_sound():
    run = subprocess.run(
        [sys.executable, "-m", "parley.layers"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(layers.PACKAGE).parent,
    )
    assert run.returncode == 0, run.stdout
    lines = run.stdout.splitlines()
    assert "  talks         -> core" in lines
    assert lines[-1] == "0 dependencies against the layers, 0 cycles."
