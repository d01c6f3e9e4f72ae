"""The synonym groups the coordination team keeps (search.models.SearchTermGroup,
"Suchbegriffe" in the admin) as Solr rules for both backends. The database
backend reads them from here on every search: cached a minute at most in the
shared cache and dropped when a group is saved or deleted (search.signals),
so a change counts in every process within a minute. Elasticsearch gets them
through its synonyms API or a reloaded synonym file
(search.backends.elasticsearch.synonyms), never through a reindex."""

from functools import lru_cache

from django.core.cache import cache

from .folding import parse_synonyms
from .models import SearchTermGroup

RULES_KEY = "search:synonym-rules"
RULES_SECONDS = 60


def synonym_rules():
    """The groups' rules, in the order they were added."""
    rules = cache.get(RULES_KEY)
    if rules is None:
        rules = tuple(group.rule() for group in SearchTermGroup.objects.all() if group.valid())
        cache.set(RULES_KEY, rules, RULES_SECONDS)
    return rules


def synonym_table():
    """Folded term → the folded terms it also stands for."""
    return _table(synonym_rules())


@lru_cache(maxsize=4)
def _table(rules):
    return parse_synonyms(rules)


def forget_synonym_rules():
    cache.delete(RULES_KEY)
