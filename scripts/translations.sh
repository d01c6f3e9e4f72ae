#!/usr/bin/env bash
# Extracts the interface strings (German msgids) into locale/<lang>/LC_MESSAGES/django.po
# for every interface language but German, then compiles them with polib.
# Needs GNU gettext (development only: apt-get install -y gettext); CI only compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
if ! command -v xgettext >/dev/null 2>&1; then
    echo "GNU gettext is missing: sudo apt-get install -y gettext" >&2
    exit 1
fi
"$PYTHON" manage.py makemessages -l en -l tr -l ar -l bg -l ro \
    --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=bench \
    --ignore=tests --no-obsolete
"$PYTHON" manage.py compile_translations "$@"
