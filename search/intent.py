"""What kind of result a query asks for, and the order of the kinds in one
result list: a resident who types a trade, a product or a service wants the
shops, so businesses come first and positions, workshops, campaigns and news
follow as groups of their own; a query that names a kind ("ausbildung
friseur", "çırak", "وظيفة", "работа", "loc de muncă", "kurs handy") puts that
kind first. The words that name a kind come from the apps that register it
(PageType.intent_words, PositionType.intent_words), in every interface language."""

from functools import cache

from .folding import STOPWORDS, tokenize
from .registry import registry
from .types import available_types, position_type, result_kinds, type_by_kind


@cache
def intent_words(kind):
    """The folded words that ask for `kind` (empty when its app names none)."""
    page_type = type_by_kind(kind)
    words_of = getattr(page_type, "intent_words", None)
    if not words_of:
        return frozenset()
    return frozenset(
        token for text in words_of() for token in tokenize(text) if token not in STOPWORDS
    )


def asked_kinds(query):
    """The kinds the query names, in the registry's order."""
    tokens = set(tokenize(query))
    return tuple(kind for kind in result_kinds() if tokens & intent_words(kind))


def kind_order(query):
    """{kind: rank}: the kinds the query asks for, then the filterable type
    (businesses), then the others in the order the apps registered them."""
    asked = asked_kinds(query)
    order = [*asked]
    if registry.filterable_type().kind not in order:
        order.append(registry.filterable_type().kind)
    for kind in (*(page_type.kind for page_type in available_types()), position_type().kind):
        if kind not in order:
            order.append(kind)
    return {kind: rank for rank, kind in enumerate(order)}
