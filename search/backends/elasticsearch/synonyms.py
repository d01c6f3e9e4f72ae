"""The team's synonym groups on Elasticsearch, applied at search time
without a reindex. The content index's search analyzer holds a
`synonym_graph` filter that reads them, chosen when the index is built:

1. the synonyms API (Elasticsearch 8.10 and later): a synonyms set named
   after the index prefix and `updateable: true`; replacing the set reloads
   the search analyzers of every index that uses it;
2. where the node has no synonyms API (the development node, which lacks the
   module it needs), a synonym file in the node's configuration folder
   (setting ELASTICSEARCH_SYNONYMS_DIR), `updateable: true`, rewritten and
   reloaded with `_reload_search_analyzers`;
3. failing both, the rules inline in the index settings, as before: a change
   then counts after `manage.py rebuild_search_index` (logged as a warning).

Connection errors are raised (search.indexing logs them); the next change
or rebuild sends the rules again."""

import logging
import os
from pathlib import Path

from elasticsearch import ApiError, NotFoundError

from django.conf import settings

from .mapping import alias_name

logger = logging.getLogger(__name__)

FILTER_NAME = "quartier_synonyms"


def set_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_synonyms"


def file_name():
    """Relative to the node's configuration folder, as synonyms_path reads it."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_synonyms.txt"


def _synonyms_dir():
    return getattr(settings, "ELASTICSEARCH_SYNONYMS_DIR", "") or ""


def reloaded(answer):
    """Whether a _reload_search_analyzers answer reloaded any analyzer."""
    return any(detail["reloaded_analyzers"] for detail in answer.get("reload_details", []))


def _put_set(client, rules):
    client.synonyms.put_synonym(
        id=set_name(),
        synonyms_set=[{"id": f"rule-{n}", "synonyms": rule} for n, rule in enumerate(rules, 1)],
    )


def _write_file(rules):
    path = Path(_synonyms_dir()) / file_name()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text("".join(f"{rule}\n" for rule in rules), encoding="utf-8")
    temporary.replace(path)  # the node never reads half a file


def filter_settings(client, rules):
    """The synonym filter of a new index, with the rules sent where it reads them."""
    base = {"type": "synonym_graph", "lenient": True}
    try:
        _put_set(client, rules)
        return {**base, "synonyms_set": set_name(), "updateable": True}
    except ApiError as exc:
        logger.info("Elasticsearch synonyms API unavailable (%s): using a fallback", exc)
    if _synonyms_dir():
        _write_file(rules)
        return {**base, "synonyms_path": file_name(), "updateable": True}
    logger.warning(
        "Synonyms inline in the index: a change to the Suchbegriffe needs "
        "rebuild_search_index (set ELASTICSEARCH_SYNONYMS_DIR or use Elasticsearch 8.10+)"
    )
    return {**base, "synonyms": list(rules)}


def current_filter(client):
    """The synonym filter of the index behind the alias, or None without one."""
    try:
        answer = client.indices.get_settings(index=alias_name())
    except NotFoundError:
        return None
    for index in dict(answer).values():
        analysis = index["settings"]["index"].get("analysis", {})
        return analysis.get("filter", {}).get(FILTER_NAME)
    return None


def publish(client, rules):
    """Sends changed rules to where the live index reads them; returns how
    ("set", "file", "inline", "unreloaded" or "none" without an index)."""
    current = current_filter(client)
    if current is None:
        return "none"
    if "synonyms_set" in current:
        _put_set(client, rules)  # Elasticsearch reloads the analyzers that use the set
        return "set"
    if "synonyms_path" in current and _synonyms_dir():
        _write_file(rules)
        answer = dict(client.indices.reload_search_analyzers(index=alias_name()))
        if reloaded(answer):
            return "file"
        # A node whose synonym filter cannot reload (the development node's
        # own analysis plugin) reads the file at the next rebuild only.
        logger.warning("Suchbegriffe written, but the node reloaded no analyzer")
        return "unreloaded"
    logger.warning("Suchbegriffe changed: they count after rebuild_search_index")
    return "inline"
