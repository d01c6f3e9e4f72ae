"""Elasticsearch backend, by concern: `analysis` (analysers, synonyms,
compounds), `mapping` (the content index and its documents), `queries` (the
request bodies as dicts, tested without a server) and `backend` (client,
searches, index maintenance, rebuild with alias swap)."""

from .backend import ElasticsearchBackend, _client, get_client
from .mapping import alias_name, index_body, new_index_name, position_document, to_document
from .queries import build_query, build_suggest_query, parse_response

__all__ = [
    "ElasticsearchBackend",
    "_client",
    "alias_name",
    "build_query",
    "build_suggest_query",
    "get_client",
    "index_body",
    "new_index_name",
    "parse_response",
    "position_document",
    "to_document",
]
