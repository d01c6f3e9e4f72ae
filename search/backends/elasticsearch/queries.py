"""The search and suggest requests as plain dicts (tested without a server),
and the parsing of Elasticsearch's answer."""

from quartier.clock import local_today

from ...folding import compound_parts, fold, stem
from ...intent import kind_order
from ...vocabulary import corrections
from ..base import RawResults, SearchRequest

FACET_SIZE = 50
FUZZY_FIELDS = ["title^4", "vocabulary^3", "body"]
NGRAM_FIELDS = ["title.parts^2", "vocabulary.parts"]
WORD_PART_FIELDS = [*NGRAM_FIELDS, "body.parts"]
# As the database backend's MIN_SUBSTRING_LENGTH: a shorter word is no word part.
MIN_WORD_PART_LENGTH = 4


def open_positions_filter(today):
    """Documents that are not positions, or positions open on `today` (the
    site's date): not filled and valid until today or later."""
    return {
        "bool": {
            "should": [
                {"bool": {"must_not": {"term": {"kind": "job"}}}},
                {
                    "bool": {
                        "must_not": {"term": {"filled": True}},
                        "should": [
                            {"range": {"valid_until": {"gte": today.isoformat()}}},
                            {"bool": {"must_not": {"exists": {"field": "valid_until"}}}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


MAX_FUZZY_WORDS = 6
# Each query word a document covers (as a word, synonym, typo or word part)
# adds this much, above any text score: a business with more of the words
# ranks first. Below KIND_STEP even for MAX_FUZZY_WORDS words.
COVERAGE_STEP = 100
# A broader word of a one-way rule ("pizza => imbiss") is an alternative of
# the typed word at this boost, the typed word's 0.5 times the database
# backend's share (BROADER_SHARE): a match of the word itself ranks first.
BROADER_BOOST = 0.5 * 0.05


def compounds_split(text):
    """The query with each compound of known words written as its parts."""
    words = []
    for word in text.split():
        words += compound_parts(fold(word)) or [word]
    return " ".join(words)


def text_query(text, known=(), broader=None, terms=None):
    """Every word must be found, each in any field: the name, the category's
    words or the description and address ("friseur marxloh"). Exact (with
    synonyms and stemming) ranks first; then each word with typos in
    proportion to its length (none up to 3 letters, one edit up to 5, two
    above), a word search `known`s ("frisör") as typed only, an unknown one
    ("fiseur") also as the known words it is a typo of, with their synonyms
    (search.vocabulary), and the broader words of one-way rules far below
    (`broader`, search.synonyms.broader_terms); then a compound's known parts,
    all of them ("hochzeitskleid"); then word parts (n-grams) for what is left.
    With two `terms` or more (search.synonyms.query_terms; the words when not
    given), a document also matches with every term found in any way,
    a word part included (term_filter)."""
    clauses = [
        {
            "multi_match": {
                "query": text,
                "fields": FUZZY_FIELDS,
                "type": "cross_fields",
                "operator": "and",
                # A word in the name and in the category's words ranks above one
                # only in the category's words, which every shop of it shares.
                "tie_breaker": 0.3,
                "boost": 3,
            }
        }
    ]
    words = text.split()
    if len(words) <= MAX_FUZZY_WORDS:
        clauses.append({"bool": {"must": [word_query(word, known, broader) for word in words]}})
    split = compounds_split(text)
    if split != text:
        # A typed compound also finds its parts in other words ("hochzeitskleid":
        # "Hochzeit", "Brautkleid"), all of them, as on the database backend.
        clauses.append(
            {
                "multi_match": {
                    "query": split,
                    "fields": FUZZY_FIELDS,
                    "type": "cross_fields",
                    "operator": "and",
                }
            }
        )
    clauses.append(
        {
            "multi_match": {
                "query": text,
                "fields": NGRAM_FIELDS,
                "minimum_should_match": "75%",
                "boost": 0.5,
            }
        }
    )
    terms = words if terms is None else list(terms)
    if 1 < len(terms) <= MAX_FUZZY_WORDS:
        # Every term found, some only as a word part ("schuhe" in
        # "Schuhreparatur"), as the database backend's substrings find them.
        clauses.append({"bool": {"must": [term_filter(term, known, broader) for term in terms]}})
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def coverage_query(terms, known=(), broader=None):
    """Scoring clauses: each term of the query (search.synonyms.query_terms)
    that a document has in any way (term_filter) adds COVERAGE_STEP, so a
    business with more of the terms ranks above one with fewer, whatever the
    words' frequencies ("schuhe reparieren": the cobbler before the phone
    repairs). None for a single term, which every match has."""
    if not 1 < len(terms) <= MAX_FUZZY_WORDS:
        return []
    return [
        {"constant_score": {"filter": term_filter(term, known, broader), "boost": COVERAGE_STEP}}
        for term in terms
    ]


def word_coverage(word, known=(), broader=None):
    """Whether a document has one typed word in any way: as the word with its
    synonyms, corrected or fuzzily (word_query), as all the known parts of a
    compound, or as a word part ("schuhe" in "Schuhreparatur": word_parts)."""
    alternatives = [word_query(word, known, broader)]
    folded = fold(word)
    parts = compound_parts(folded)
    if parts:
        alternatives.append(
            {
                "multi_match": {
                    "query": " ".join(parts),
                    "fields": FUZZY_FIELDS,
                    "type": "cross_fields",
                    "operator": "and",
                }
            }
        )
    if len(stem(folded)) >= MIN_WORD_PART_LENGTH:
        alternatives.append(word_parts(word))
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def word_parts(word):
    """One word's stem found inside an indexed word, as the database
    backend's substrings find it: all its n-grams in one field."""
    return {
        "multi_match": {
            "query": stem(fold(word)),
            "fields": WORD_PART_FIELDS,
            "analyzer": "quartier_ngram",
            "operator": "and",
        }
    }


def word_query(word, known=(), broader=None):
    """One typed word of the fuzzy clause: as typed (with synonyms); for a word
    search does not know, the known words it is a typo of with their synonyms
    ("fiseur": "friseur"), or, when it is a typo of none, any indexed word
    within its allowed edits (a shop's name). A known word is never fuzzy:
    "frisör" does not find "frisch" or "Früchte"."""
    folded = fold(word)
    alternatives = [
        {"multi_match": {"query": word, "fields": FUZZY_FIELDS, "boost": 0.5}},
    ]
    fixed = corrections(folded, tuple(known)) if known else ()
    if fixed:
        alternatives.append(
            {"multi_match": {"query": " ".join(fixed), "fields": FUZZY_FIELDS, "boost": 0.5}}
        )
    elif folded not in known and folded.isalpha():
        alternatives.append(
            {
                "multi_match": {
                    "query": word,
                    "fields": FUZZY_FIELDS,
                    "analyzer": "quartier_fuzzy",
                    "fuzziness": "AUTO:4,6",
                    "prefix_length": 1,
                    "boost": 0.5,
                }
            }
        )
    wider = _broader_of(folded, broader or {})
    if wider:
        wide = {"query": " ".join(wider), "fields": FUZZY_FIELDS, "boost": BROADER_BOOST}
        alternatives.append({"multi_match": wide})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _broader_of(folded, broader):
    """The broader words of a folded word or of its stem ("pizzas")."""
    wider = list(broader.get(folded, ()))
    wider += [term for term in broader.get(stem(folded), ()) if term not in wider]
    return wider


def term_filter(term, known=(), broader=None):
    """What one term of the query (search.synonyms.query_terms) matches by
    itself: as typed with its synonyms, corrected, fuzzily, as broader words,
    as all the known parts of a compound, or as a word part (word_coverage),
    as the search itself finds it."""
    if " " in term:  # a multi-word synonym ("cep telefonu")
        return {"multi_match": {"query": term, "fields": FUZZY_FIELDS, "operator": "and"}}
    return word_coverage(term, known, broader)


def term_probes(terms, kinds, today, known=(), broader=None):
    """One small search per term of the query (search.synonyms.query_terms),
    sent with the search in one `_msearch`: does the term match anything in
    the searched kinds (open positions only) by itself, whatever the query
    and the other filters? Each stops at its first match (`terminate_after`),
    so a common word costs no more than a rare one (a `filters` aggregation
    counting every match cost 2-3 times as much). A term that matches nothing
    is left out of the search (search.service)."""
    scope = [{"terms": {"kind": list(kinds)}}]
    if "job" in kinds:
        scope.append(open_positions_filter(today))
    return [
        {
            "size": 0,
            "terminate_after": 1,
            "track_total_hits": True,
            "query": {"bool": {"must": term_filter(term, known, broader), "filter": scope}},
        }
        for term in terms
    ]


def unmatched_terms(terms, responses):
    """The terms whose probe (term_probes) found nothing; a probe that failed
    counts as a match, so an error never drops a word."""
    unmatched = []
    for term, response in zip(terms, responses, strict=True):
        total = response.get("hits", {}).get("total", 1) if "error" not in response else 1
        if not (total["value"] if isinstance(total, dict) else total):
            unmatched.append(term)
    return tuple(unmatched)


def build_query(request: SearchRequest, kinds, open_texts=None, known=(), broader=None, terms=None):
    """The search request body for `request` (a dict); `known`: the words
    search knows (search.vocabulary.known_words), never taken for typos;
    `broader`: search.synonyms.broader_terms; `terms`: the query's terms
    (search.synonyms.query_terms), each covered one ranking higher."""
    filters = request.filters
    must, should = [], []
    if request.query.strip():
        must.append(text_query(request.query, known, broader, terms))
        should += coverage_query(request.query.split() if terms is None else terms, known, broader)
    else:
        must.append({"match_all": {}})
    business_filters = []
    if filters.category:
        business_filters.append({"term": {"category": filters.category.slug}})
    if filters.district:
        business_filters.append({"term": {"district": filters.district.slug}})
    if filters.campaign:
        business_filters.append({"term": {"campaigns": filters.campaign}})
    if filters.wheelchair:
        business_filters.append({"terms": {"wheelchair": ["yes", "limited"]}})
    if filters.open_now:
        business_filters.append({"terms": {"opening_hours": list(open_texts or [])}})
    filter_clauses = [{"terms": {"kind": list(kinds)}}, *business_filters]
    if "job" in kinds:
        filter_clauses.append(open_positions_filter(local_today(request.when)))
    if filters.language:
        filter_clauses.append({"term": {"languages": filters.language.code}})
    if request.sort == "distance" and filters.near:
        filter_clauses.append({"exists": {"field": "location"}})
    body = {
        "query": {"bool": {"must": must, "should": should, "filter": filter_clauses}},
        "from": request.offset,
        "size": request.per_page,
        "track_total_hits": True,
        "_source": ["kind", "page_id"],
        "aggs": {
            "type": {"terms": {"field": "kind", "size": 10}},
            "business": {
                "filter": {"term": {"kind": "business"}},
                "aggs": {
                    "category": {"terms": {"field": "category", "size": FACET_SIZE}},
                    "district": {"terms": {"field": "district", "size": FACET_SIZE}},
                    "language": {"terms": {"field": "languages", "size": FACET_SIZE}},
                },
            },
        },
    }
    if request.sort == "distance" and filters.near:
        latitude, longitude = filters.near
        body["sort"] = [
            {
                "_geo_distance": {
                    "location": {"lat": latitude, "lon": longitude},
                    "order": "asc",
                    "unit": "m",
                    "distance_type": "arc",
                }
            },
            "_score",
        ]
    else:
        body["query"] = by_kind(request.query, body["query"])
        body["sort"] = ["_score", {"title.raw": "asc"}]
    return body


KIND_STEP = 1000  # above any text score, small enough to keep its decimals


def by_kind(query, bool_query):
    """The query with each kind's rank added to the score (search.intent):
    businesses first unless the query asks for another kind, by relevance
    within each kind. A score, not a sort script, so it needs no scripting
    module on the cluster."""
    rank = kind_order(query)
    return {
        "function_score": {
            "query": bool_query,
            "functions": [
                {"filter": {"term": {"kind": kind}}, "weight": KIND_STEP * (len(rank) - position)}
                for kind, position in rank.items()
            ],
            "score_mode": "first",
            "boost_mode": "sum",
        }
    }


def build_suggest_query(prefix, limit=8):
    return {
        "size": limit,
        "track_total_hits": False,  # not shown; counting every prefix match costs time
        "_source": ["kind", "page_id", "title", "url"],
        "query": {
            "bool": {
                "must": {"match": {"title.suggest": {"query": prefix, "operator": "and"}}},
                "filter": [{"term": {"kind": "business"}}],
            }
        },
        "aggs": {
            # Global: a category is suggested by its own names ("حل" → حلاق),
            # also when no business title starts with what was typed.
            "categories": {
                "global": {},
                "aggs": {
                    "matching": {
                        "filter": {
                            "bool": {
                                "filter": [
                                    {"term": {"kind": "business"}},
                                    {
                                        "match": {
                                            "category_name.suggest": {
                                                "query": prefix,
                                                "operator": "and",
                                            }
                                        }
                                    },
                                ]
                            }
                        },
                        "aggs": {"names": {"terms": {"field": "category", "size": 5}}},
                    }
                },
            }
        },
    }


def parse_response(response):
    hits = [
        (hit["_source"]["kind"], int(hit["_source"]["page_id"]), hit.get("_score") or 0)
        for hit in response["hits"]["hits"]
    ]
    total = response["hits"]["total"]
    total = total["value"] if isinstance(total, dict) else total
    aggs = response.get("aggregations", {})

    def buckets(agg):
        return {bucket["key"]: bucket["doc_count"] for bucket in agg.get("buckets", [])}

    business = aggs.get("business", {})
    facets = {
        "type": buckets(aggs.get("type", {})),
        "category": buckets(business.get("category", {})),
        "district": buckets(business.get("district", {})),
        "language": buckets(business.get("language", {})),
    }
    return RawResults(total=total, hits=hits, facets=facets)
