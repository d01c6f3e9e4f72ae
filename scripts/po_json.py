"""Moves untranslated gettext entries to JSON and back, for translators who
prefer one list over editing .po files.

    python scripts/po_json.py export locale/tr/LC_MESSAGES/django.po todo-tr.json
    python scripts/po_json.py import locale/tr/LC_MESSAGES/django.po done-tr.json

The JSON is a list of {"msgid", "msgid_plural", "msgctxt", "msgstr" | "msgstr_plural"}.
Import checks that placeholders (%(name)s, %s, {name}) survive translation."""

import json
import re
import sys

import polib

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def export(po_path, json_path):
    catalogue = polib.pofile(po_path)
    todo = []
    for entry in catalogue:
        if entry.obsolete or (entry.translated() and not entry.fuzzy):
            continue
        item = {"msgid": entry.msgid, "msgctxt": entry.msgctxt}
        if entry.msgid_plural:
            item["msgid_plural"] = entry.msgid_plural
            item["msgstr_plural"] = {str(k): "" for k in range(catalogue_plurals(catalogue))}
        else:
            item["msgstr"] = ""
        todo.append(item)
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump(todo, handle, ensure_ascii=False, indent=1)
    print(f"{len(todo)} entries to translate -> {json_path}")


def catalogue_plurals(catalogue):
    match = re.search(r"nplurals=(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def check_placeholders(source, translated, where):
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
        raise SystemExit(f"placeholder mismatch in {where!r}: {source!r} -> {translated!r}")


def do_import(po_path, json_path):
    catalogue = polib.pofile(po_path)
    with open(json_path, encoding="utf-8") as handle:
        done = json.load(handle)
    index = {(e.msgctxt, e.msgid): e for e in catalogue if not e.obsolete}
    applied = 0
    for item in done:
        entry = index.get((item.get("msgctxt"), item["msgid"]))
        if entry is None:
            continue
        if entry.msgid_plural:
            plurals = {int(k): v for k, v in item.get("msgstr_plural", {}).items() if v}
            if not plurals:
                continue
            for value in plurals.values():
                check_placeholders(entry.msgid_plural, value, entry.msgid)
            entry.msgstr_plural = plurals
        else:
            if not item.get("msgstr"):
                continue
            check_placeholders(entry.msgid, item["msgstr"], entry.msgid)
            entry.msgstr = item["msgstr"]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        applied += 1
    catalogue.save(po_path)
    remaining = len(catalogue.untranslated_entries()) + len(catalogue.fuzzy_entries())
    print(f"{applied} entries applied, {remaining} still untranslated or fuzzy in {po_path}")


if __name__ == "__main__":
    command, po, js = sys.argv[1:4]
    {"export": export, "import": do_import}[command](po, js)
