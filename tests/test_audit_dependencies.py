"""The dependency audit (scripts/audit_dependencies.py) against a stand-in for
PyPI's project pages on 127.0.0.1: a skipped package is only counted as audited
when PyPI's data is about the installed release."""

import importlib.util
from pathlib import Path

import pytest

from .loopback import JSONHandler, closed_port, serve

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)

PROJECTS = {
    "fresh": {"info": {"version": "2.0.0"}, "releases": {}, "vulnerabilities": []},
    "flawed": {
        "info": {"version": "1.4.0"},
        "releases": {},
        "vulnerabilities": [
            {"id": "PYSEC-2099-1", "fixed_in": ["1.4.1"], "withdrawn": None},
            {"id": "PYSEC-2099-2", "fixed_in": [], "withdrawn": "2099-01-01T00:00:00Z"},
        ],
    },
    "stale": {
        "info": {"version": "3.0.0"},
        "releases": {
            "1.2.3": [{"yanked": False}],
            "1.2.4": [{"yanked": False}],
            "1.2.5": [{"yanked": True}],
            "1.3.0": [{"yanked": False}],
            "3.0.0": [{"yanked": False}],
        },
        "vulnerabilities": [],
    },
}


class FakePyPI(JSONHandler):
    def do_GET(self):
        name = self.path.strip("/").split("/")[-2]
        if name in PROJECTS:
            self.send_json(200, PROJECTS[name])
        else:
            self.send_json(404, {"message": "Not Found"})


@pytest.fixture
def pypi_url():
    with serve(FakePyPI) as url:
        yield f"{url}/pypi"


def skipped(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI: {name} ({version})"}


def test_skipped_packages_are_audited_only_at_their_newest_release(pypi_url):
    dependencies = [
        {"name": "audited", "version": "1.0", "vulns": []},
        skipped("fresh", "2.0.0"),
        skipped("flawed", "1.4.0"),
        skipped("stale", "1.2.3"),
        skipped("missing", "0.1"),
        skipped("quartier", "0.1.0"),
    ]
    versions = {"fresh": "2.0.0", "flawed": "1.4.0", "stale": "1.2.3", "missing": "0.1"}

    findings, audited, not_audited = audit_dependencies.audit(dependencies, versions, pypi_url)

    assert findings == [("flawed", "1.4.0", "PYSEC-2099-1", "1.4.1")]
    assert sorted(name for name, _version, _source in audited) == ["audited", "flawed", "fresh"]
    assert dict((name, hint) for name, _version, hint in not_audited) == {
        "stale": "newest 3.0.0; same series has 1.2.4",
        "missing": "PyPI unreachable",
    }


def test_pip_audit_findings_are_reported_with_their_fix(pypi_url):
    dependencies = [
        {
            "name": "Old-Lib",
            "version": "0.9",
            "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["1.0", "0.9.1"]}],
        }
    ]
    findings, audited, not_audited = audit_dependencies.audit(dependencies, {}, pypi_url)
    assert findings == [("old-lib", "0.9", "GHSA-xxxx", "1.0, 0.9.1")]
    assert audited == [("old-lib", "0.9", "pip-audit")]
    assert not_audited == []


def test_closed_port_counts_as_not_audited():
    findings, audited, not_audited = audit_dependencies.audit(
        [skipped("fresh", "2.0.0")], {"fresh": "2.0.0"}, f"http://127.0.0.1:{closed_port()}/pypi"
    )
    assert (findings, audited) == ([], [])
    assert not_audited == [("fresh", "2.0.0", "PyPI unreachable")]
