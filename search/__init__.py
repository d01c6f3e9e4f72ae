"""Search for residents: the search page, the JSON API and suggest, over two
interchangeable backends (the database's own text table, or Elasticsearch when
ELASTICSEARCH_URL is set), with folding, synonyms, the index lifecycle and the
fallback when Elasticsearch is unreachable."""
