"""Sphinx configuration of Quartier's documentation (MyST Markdown, as Wagtail's own docs).

Built by `make docs` with warnings as errors; broken internal links are warnings."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Quartier"
author = "Quartier maintainers"
copyright = "2026, Quartier maintainers (AGPL-3.0-or-later)"  # noqa: A001
language = "de"

extensions = ["myst_parser", "quartier_reference"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
root_doc = "index"
exclude_patterns = ["_build", "**/README.md"]
nitpicky = True
suppress_warnings = []

html_theme = "furo"
html_title = "Quartier"
html_static_path = ["_static"]
