"""A git merge driver for gettext catalogues: the union of both sides' entries.

Two branches that each add interface strings conflict on every `#:` location line
when merged as text. This merges entry by entry: an entry on either side is kept,
a translation on one side fills an empty one on the other, and where both sides
translated the same msgid differently, the other branch's (`theirs`) wins. Then
`scripts/translations.sh` refreshes the locations.

Register it once per clone (the attribute is in .gitattributes):
    git config merge.po.driver ".venv/bin/python scripts/po_merge.py %O %A %B"
"""

import sys

import polib


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def merge(ours_path, theirs_path):
    ours = polib.pofile(ours_path, wrapwidth=0)
    theirs = polib.pofile(theirs_path, wrapwidth=0)
    index = {_key(e): e for e in ours}
    for entry in theirs:
        mine = index.get(_key(entry))
        if mine is None:
            ours.append(entry)
            index[_key(entry)] = entry
            continue
        if entry.translated() and (not mine.translated() or entry.msgstr != mine.msgstr):
            mine.msgstr = entry.msgstr
            mine.msgstr_plural = dict(entry.msgstr_plural)
            mine.flags = [f for f in mine.flags if f != "fuzzy"]
        mine.occurrences = sorted(set(mine.occurrences) | set(entry.occurrences))
        mine.obsolete = mine.obsolete and entry.obsolete
    for entry in ours:
        # "#|" lines of a fuzzy match's earlier msgid mean nothing after a merge,
        # and half of one (a plural without its msgid) breaks msgmerge.
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    ours.save(ours_path)


if __name__ == "__main__":
    _base, ours_path, theirs_path = sys.argv[1:4]
    merge(ours_path, theirs_path)
