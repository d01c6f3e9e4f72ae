"""The structure ARCHITECTURE.md describes, for the core, the directory and the
blog: modules of a readable size, no imports hidden inside functions, the core
importing no app, one way to wire signals."""

import ast
from pathlib import Path

import pytest

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, post_save, pre_delete

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("quartier", "directory", "blog")
OUR_APPS = ("quartier", "directory", "blog", "jobs", "reports", "search", "outreach", "freshness")
MAX_LINES = 450


def modules(*packages):
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            # Migrations are generated; the demo loaders are data (issue #14, part B).
            if "migrations" in parts or path.name == "demo.py":
                continue
            yield path


def test_no_module_is_longer_than_the_limit():
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in modules(*PACKAGES)
        if (length := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}


def local_imports(path):
    """(function, line) of every import inside a function, except in
    AppConfig.ready(), which runs once the models are loaded."""
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            elif isinstance(child, ast.Import | ast.ImportFrom) and function not in (None, "ready"):
                found.append((function, child.lineno))
            else:
                visit(child, function)

    visit(ast.parse(path.read_text()))
    return found


def test_no_import_inside_a_function():
    hidden = {
        str(path.relative_to(ROOT)): imports
        for path in modules(*PACKAGES)
        if (imports := local_imports(path))
    }
    assert hidden == {}


def top_level_imports(path):
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_no_app():
    # The URL configuration, the settings and the demo loader put the project
    # together (as the import-linter contract in pyproject.toml allows).
    composition = {"urls.py", "wsgi.py", "load_demo_data.py"}
    importing_apps = {
        str(path.relative_to(ROOT)): sorted(top_level_imports(path) & set(OUR_APPS[1:]))
        for path in modules("quartier")
        if path.name not in composition and "settings" not in path.parts
    }
    assert {name: found for name, found in importing_apps.items() if found} == {}


def test_the_directory_does_not_import_the_blog():
    importing = [
        str(path.relative_to(ROOT))
        for path in modules("directory")
        if {"blog", "jobs"} & top_level_imports(path)
    ]
    assert importing == []


def test_installed_apps_are_real_apps():
    assert [app for app in settings.INSTALLED_APPS if app.startswith("quartier.")] == [
        "quartier.users"
    ]
    labels = {config.label for config in apps.get_app_configs()}
    assert not labels & {"quartier_i18n", "quartier_cache"}


@pytest.mark.parametrize("signal", [post_save, pre_delete, post_delete])
def test_our_receivers_name_their_senders(signal):
    # A model none of our receivers is about: only receivers connected without
    # a sender would hear of its saves and deletions.
    receivers = signal._live_receivers(Session)
    if isinstance(receivers, tuple):  # Django 5: (sync, async)
        receivers = [*receivers[0], *receivers[1]]
    ours = [
        f"{receiver.__module__}.{receiver.__name__}"
        for receiver in receivers
        if receiver.__module__.split(".")[0] in PACKAGES
    ]
    assert ours == []
