"""A mutation run over the hours package and search/folding.py, outside CI
(docs/entwicklung/validierung.md): each mutant is one deliberate small edit;
the fast tests that cover the code run against it and must fail ("killed").
Survivors are listed; each is killed by a test or explained in the docs.

    .venv/bin/python scripts/mutation_run.py [--only NAME]

The files are restored after every mutant, also when interrupted."""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TESTS = [
    "tests/directory/test_hours_edges.py",
    "tests/directory/test_hours_dst_sweep.py",
    "tests/directory/test_clock.py",
    "tests/directory/test_hours_holidays.py",
    "tests/directory/test_hours_input.py",
    "tests/directory/test_opening_badge.py",
    "tests/search/test_folding.py",
]

# name -> (file, original text, mutated text)
MUTANTS = {
    "first-occurrence-fold-0": (
        "directory/hours/evaluation.py",
        "    return moment.replace(tzinfo=zone, fold=1)",
        "    return moment.replace(tzinfo=zone, fold=0)",
    ),
    "every-text-known": (
        "directory/hours/evaluation.py",
        'is_known=name != "unknown"',
        "is_known=True",
    ),
    "parse-ignores-the-day": (
        "directory/hours/evaluation.py",
        "years_around(day or local_today())",
        "years_around(local_today())",
    ),
    "state-at-aware-time": (
        "directory/hours/evaluation.py",
        "    state, _comment = hours.state(wall_clock)",
        "    state, _comment = hours.state(when)",
    ),
    "school-holidays-accepted": (
        "directory/hours/evaluation.py",
        '    if SCHOOL_HOLIDAYS.search(QUOTED.sub("", value)):',
        "    if False:",
    ),
    "horizon-off": (
        "directory/hours/evaluation.py",
        "        if closes is None or closes.replace(tzinfo=None) >= horizon:",
        "        if closes is None:",
    ),
    "years-around-shorter": (
        "directory/hours/public_holidays.py",
        "return (day.year - 1, day.year, day.year + 1, day.year + 2)",
        "return (day.year, day.year + 1)",
    ),
    "ph-rule-not-expanded": (
        "directory/hours/public_holidays.py",
        "        if match:\n            rules.append(",
        "        if False:\n            rules.append(",
    ),
    "edit-distance-length-shortcut-off-by-one": (
        "search/folding.py",
        "    if abs(len(a) - len(b)) > limit:",
        "    if abs(len(a) - len(b)) >= limit:",
    ),
    "edit-distance-row-shortcut-off-by-one": (
        "search/folding.py",
        "        if min(current) > limit:",
        "        if min(current) >= limit:",
    ),
    "edit-distance-substitution-free": (
        "search/folding.py",
        "previous[j - 1] + (char_a != char_b)",
        "previous[j - 1]",
    ),
}


def run_tests():
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return result.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only")
    args = parser.parse_args()
    survivors = []
    for name, (path, original, mutated) in MUTANTS.items():
        if args.only and name != args.only:
            continue
        file = ROOT / path
        source = file.read_text(encoding="utf-8")
        if source.count(original) != 1:
            print(f"{name}: the original text is not found once in {path}", flush=True)
            survivors.append(name)
            continue
        try:
            file.write_text(source.replace(original, mutated), encoding="utf-8")
            code = run_tests()
        finally:
            file.write_text(source, encoding="utf-8")
        verdict = "killed" if code == 1 else ("SURVIVED" if code == 0 else f"error {code}")
        print(f"{name}: {verdict}", flush=True)
        if code == 0:
            survivors.append(name)
    print(f"{len(survivors)} survivor(s): {', '.join(survivors) or '-'}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
