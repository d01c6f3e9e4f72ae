"""The synonym groups the coordination team keeps (search.models.SearchTermGroup,
"Suchbegriffe" in the admin) as Solr rules for both backends. The database
backend reads them from here on every search: cached a minute at most in the
shared cache and dropped when a group is saved or deleted (search.signals),
so a change counts in every process within a minute. Elasticsearch gets them
through its synonyms API or a reloaded synonym file
(search.backends.elasticsearch.synonyms), never through a reindex."""

from functools import lru_cache

from django.core.cache import cache

from quartier.cache import forget_in_request, per_request

from .folding import Broader, expand_query, parse_synonyms
from .models import SearchTermGroup

RULES_KEY = "search:synonym-rules"
RULES_SECONDS = 60


def synonym_rules():
    """The groups' rules, in the order they were added (read once per request:
    the query terms and the backend's query each ask)."""
    return per_request(RULES_KEY, _synonym_rules)


def _synonym_rules():
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


def equivalence_rules():
    """The two-way rules, for Elasticsearch's synonym filter: a one-way rule
    there would replace the typed word by its broader ones, which all score
    alike ("pizza" as "imbiss": every snack bar equal to the pizzeria). The
    query adds broader words itself, below the word (broader_terms)."""
    return tuple(rule for rule in synonym_rules() if "=>" not in rule)


def broader_terms():
    """Folded term → the broader terms its one-way rules add (folding.Broader)."""
    return _broader(synonym_rules())


@lru_cache(maxsize=4)
def _broader(rules):
    table = {}
    for term, terms in _table(rules).items():
        wider = sorted(other for other in terms if isinstance(other, Broader))
        if wider:
            table[term] = tuple(wider)
    return table


def forget_synonym_rules():
    cache.delete(RULES_KEY)
    forget_in_request(RULES_KEY)


def query_terms(query):
    """The terms a query is searched by, as typed (folded), without stop
    words, a multi-word synonym as one ("cep telefonu"): each must match."""
    return [group[0] for group in expand_query(query, synonym_table())]
