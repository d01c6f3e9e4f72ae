"""Search backends behind search.service: the database backend (always
available) and the Elasticsearch backend (when ELASTICSEARCH_URL is set)."""
