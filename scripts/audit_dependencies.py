"""Dependency audit: pip-audit over every package installed in the venv, with an
honest account of what could not be checked.

    .venv/bin/python scripts/audit_dependencies.py [--strict]

pip-audit asks PyPI's vulnerability data per release
(`https://pypi.org/pypi/<name>/<version>/json`). Where that answers, its verdict
stands. Where it does not (a registry mirror without the per-release endpoint, as
on our CI machine), pip-audit reports the package as "skipped" and still prints
"No known vulnerabilities found"; this script does not let that pass as an audit:

- if the installed version is the package's newest release, PyPI's project page
  (`/pypi/<name>/json`) lists the known vulnerabilities of exactly that release,
  so the package is audited from there;
- otherwise it is listed as NOT AUDITED, with the newest release of the same
  series when there is one (a patch release is often a security fix).

Exit status: 1 when a known vulnerability affects an installed version; with
`--strict` also when any package could not be audited; 0 otherwise.
"""

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
PYPI_URL = "https://pypi.org/pypi"
OWN_PROJECT = "quartier"


def run_pip_audit():
    pip_audit = Path(sys.executable).parent / "pip-audit"
    completed = subprocess.run(
        [str(pip_audit), "--local", "--format", "json", "--progress-spinner", "off"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(completed.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        raise SystemExit(f"pip-audit failed:\n{completed.stdout}\n{completed.stderr}") from None


def installed_versions():
    from importlib.metadata import distributions

    return {canonicalize_name(dist.metadata["Name"]): dist.version for dist in distributions()}


def project_data(name, pypi_url=PYPI_URL, timeout=15):
    try:
        with urllib.request.urlopen(f"{pypi_url}/{name}/json", timeout=timeout) as response:
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError, OSError):
        return None


def newest_in_series(version, releases):
    """The newest final release with the same major.minor as `version`, if newer."""
    try:
        current = Version(version)
    except InvalidVersion:
        return None
    candidates = []
    for text, files in releases.items():
        try:
            release = Version(text)
        except InvalidVersion:
            continue
        yanked = files and all(file.get("yanked") for file in files)
        if release.is_prerelease or yanked or release.release[:2] != current.release[:2]:
            continue
        candidates.append(release)
    newest = max(candidates, default=None)
    return str(newest) if newest is not None and newest > current else None


def audit(dependencies, versions, pypi_url=PYPI_URL):
    """Returns (findings, audited, not_audited): findings are (name, version, id, fixed_in)."""
    findings, audited, not_audited = [], [], []
    for dependency in dependencies:
        name = canonicalize_name(dependency["name"])
        if name == OWN_PROJECT:
            continue
        version = dependency.get("version") or versions.get(name, "?")
        if "skip_reason" not in dependency:
            audited.append((name, version, "pip-audit"))
            findings += [
                (name, version, vuln["id"], ", ".join(vuln.get("fix_versions", [])))
                for vuln in dependency.get("vulns", [])
            ]
            continue
        data = project_data(name, pypi_url)
        if data is None:
            not_audited.append((name, version, "PyPI unreachable"))
            continue
        latest = data.get("info", {}).get("version")
        if latest == version:
            audited.append((name, version, "newest release"))
            findings += [
                (name, version, vuln.get("id", "?"), ", ".join(vuln.get("fixed_in") or []))
                for vuln in data.get("vulnerabilities") or []
                if not vuln.get("withdrawn")
            ]
            continue
        newer = newest_in_series(version, data.get("releases", {}))
        hint = f"newest {latest}" + (f"; same series has {newer}" if newer else "")
        not_audited.append((name, version, hint))
    return findings, audited, not_audited


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="fail when a package is unaudited")
    options = parser.parse_args()

    findings, audited, not_audited = audit(run_pip_audit(), installed_versions())
    by_source = {}
    for _name, _version, source in audited:
        by_source[source] = by_source.get(source, 0) + 1
    total = len(audited) + len(not_audited)
    print(f"dependency audit: {len(audited)} of {total} installed packages audited", end="")
    print(f" ({', '.join(f'{count} by {source}' for source, count in by_source.items())})")
    if not_audited:
        print(f"NOT AUDITED ({len(not_audited)}): PyPI's per-release vulnerability data")
        print("did not answer for these; check them where it does (pip-audit --local):")
        for name, version, hint in sorted(not_audited):
            print(f"  {name} {version} ({hint})")
    for name, version, vuln_id, fixed in findings:
        print(f"VULNERABLE: {name} {version}: {vuln_id} (fixed in {fixed or '?'})")
    if findings:
        return 1
    if not_audited and options.strict:
        return 1
    print("no known vulnerabilities in the audited packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
