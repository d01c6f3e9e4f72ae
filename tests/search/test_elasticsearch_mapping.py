"""The Elasticsearch mapping and queries as the JSON they produce (no server)."""

import datetime

import pytest

from directory.filters import BusinessFilters
from search.backends.base import SearchRequest
from search.backends.elasticsearch import (
    build_query,
    build_suggest_query,
    index_body,
    parse_response,
)
from search.backends.elasticsearch.queries import (
    COVERAGE_STEP,
    KIND_STEP,
    MAX_FUZZY_WORDS,
    open_positions_filter,
    term_filter,
    term_probes,
    unmatched_terms,
)
from search.folding import STOPWORDS


@pytest.fixture
def body(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "quartier"
    return index_body()


def test_index_analysis_folds_stems_and_decompounds(body):
    analysis = body["settings"]["analysis"]
    index = analysis["analyzer"]["quartier_index"]
    assert index["filter"][:3] == ["lowercase", "german_normalization", "quartier_folding"]
    assert "quartier_decompounder" in index["filter"]
    assert index["filter"][-1] == "quartier_german_stemmer"
    filters = analysis["filter"]
    assert filters["quartier_german_stemmer"] == {"type": "stemmer", "language": "light_german"}
    assert filters["quartier_folding"]["type"] == "asciifolding"
    decompounder = filters["quartier_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert {"handy", "reparatur"} <= set(decompounder["word_list"])
    mapping = analysis["char_filter"]["quartier_special_letters"]
    assert "ı => i" in mapping["mappings"]
    # Arabic as search.folding folds it: hamza forms to their letter, vowel marks gone.
    assert "\\u0623 => \\u0627" in mapping["mappings"]  # أ => ا
    assert "\\u0626 => \\u064a" in mapping["mappings"]  # ئ => ي
    assert "\\u064e => " in mapping["mappings"]  # fatha


def test_synonyms_are_a_search_time_filter_filled_in_at_rebuild(body):
    analysis = body["settings"]["analysis"]
    synonyms = analysis["filter"]["quartier_synonyms"]
    # A placeholder: ElasticsearchBackend.rebuild puts the team's rules in
    # (tests/search/test_search_terms.py).
    assert synonyms == {"type": "synonym_graph", "synonyms": [], "lenient": True}
    search = analysis["analyzer"]["quartier_search"]["filter"]
    # Synonyms only at search time, after folding, before stemming.
    assert search.index("quartier_folding") < search.index("quartier_synonyms")
    assert search.index("quartier_synonyms") < search.index("quartier_german_stemmer")
    assert "quartier_synonyms" not in analysis["analyzer"]["quartier_index"]["filter"]
    assert "quartier_synonyms" not in analysis["analyzer"]["quartier_fuzzy"]["filter"]


def test_a_typed_compound_also_finds_all_its_parts():
    should = build_query(SearchRequest(query="hochzeitskleid marxloh"), ("business",))["query"]
    should = should["function_score"]["query"]["bool"]["must"][0]["bool"]["should"]
    parts = [clause for clause in should if "hochzeit kleid" in str(clause.get("multi_match"))]
    assert parts == [
        {
            "multi_match": {
                "query": "hochzeit kleid marxloh",
                "fields": ["title^4", "vocabulary^3", "body"],
                "type": "cross_fields",
                "operator": "and",
            }
        }
    ]


def test_the_stop_words_are_the_database_backends(body):
    analysis = body["settings"]["analysis"]
    stop = analysis["filter"]["quartier_stop"]
    assert stop == {"type": "stop", "stopwords": sorted(STOPWORDS)}
    assert "andern" not in stop["stopwords"]  # "ändern" folded
    # Synonym rules are read through the chain before the synonym filter: a stop
    # word there ("rochie de mireasă") would drop the whole rule.
    search = analysis["analyzer"]["quartier_search"]["filter"]
    assert search.index("quartier_synonyms") < search.index("quartier_stop")


def test_field_types(body):
    properties = body["mappings"]["properties"]
    assert properties["location"] == {"type": "geo_point"}
    assert properties["opening_hours"] == {"type": "keyword", "index": True, "doc_values": False}
    for facet in ("kind", "category", "district", "languages", "campaigns", "wheelchair"):
        assert properties[facet]["type"] == "keyword", facet
    title = properties["title"]
    assert (title["analyzer"], title["search_analyzer"]) == ("quartier_index", "quartier_search")
    # Prefixes as you type, without search_as_you_type (a mapper-extras type).
    for suggest in (title["fields"]["suggest"], properties["category_name"]["fields"]["suggest"]):
        assert suggest == {
            "type": "text",
            "analyzer": "quartier_prefix",
            "search_analyzer": "quartier_typed",
        }
    assert title["fields"]["parts"]["analyzer"] == "quartier_ngram"
    prefixes = body["settings"]["analysis"]["filter"]["quartier_prefixes"]
    assert prefixes == {"type": "edge_ngram", "min_gram": 2, "max_gram": 15}
    assert body["settings"]["analysis"]["tokenizer"]["quartier_ngram"]["type"] == "ngram"


def test_query_is_fuzzy_filtered_and_faceted():
    request = SearchRequest(query="kuafor marxloh", page=2)
    query = build_query(request, ("business", "workshop"))
    scored = query["query"]["function_score"]
    should = scored["query"]["bool"]["must"][0]["bool"]["should"]
    # Every word in any field, exact first.
    assert should[0]["multi_match"]["type"] == "cross_fields"
    assert should[0]["multi_match"]["operator"] == "and"
    # Then every word, as typed or with typos in proportion to its length
    # (none up to 3 letters, one edit up to 5, two above), each in any field.
    fields = ["title^4", "vocabulary^3", "body"]
    assert should[1]["bool"]["must"] == [
        {
            "bool": {
                "should": [
                    {"multi_match": {"query": word, "fields": fields, "boost": 0.5}},
                    {
                        "multi_match": {
                            "query": word,
                            "fields": fields,
                            "analyzer": "quartier_fuzzy",
                            "fuzziness": "AUTO:4,6",
                            "prefix_length": 1,
                            "boost": 0.5,
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
        for word in ("kuafor", "marxloh")
    ]
    should = should[2:]
    assert any("title.parts^2" in str(clause.get("multi_match")) for clause in should)
    # Or every word found in any way, a word part included.
    words = ("kuafor", "marxloh")
    assert should[-1] == {"bool": {"must": [term_filter(word) for word in words]}}
    # Each word a document has adds one step, more than any text score and,
    # for the longest query, still less than a kind's step.
    assert scored["query"]["bool"]["should"] == [
        {"constant_score": {"filter": term_filter(word), "boost": COVERAGE_STEP}} for word in words
    ]
    assert MAX_FUZZY_WORDS * COVERAGE_STEP < KIND_STEP
    assert scored["query"]["bool"]["filter"] == [{"terms": {"kind": ["business", "workshop"]}}]
    # Businesses first: each kind's rank is added to the score, the first the most.
    weights = {f["filter"]["term"]["kind"]: f["weight"] for f in scored["functions"]}
    assert weights["business"] > weights["workshop"] > weights["job"]
    assert (scored["score_mode"], scored["boost_mode"]) == ("first", "sum")
    assert (query["from"], query["size"]) == (20, 20)
    business_aggs = query["aggs"]["business"]["aggs"]
    assert business_aggs["district"] == {"terms": {"field": "district", "size": 50}}
    assert query["sort"][0] == "_score"


def test_query_filters_and_distance_sort(db):
    from tests.directory.factories import CategoryFactory, DistrictFactory, LanguageFactory

    filters = BusinessFilters(
        category=CategoryFactory(slug="friseur"),
        district=DistrictFactory(slug="marxloh"),
        language=LanguageFactory(code="tr"),
        wheelchair=True,
        open_now=True,
        near=(51.5, 6.78),
    )
    query = build_query(
        SearchRequest(query="", filters=filters, sort="distance"),
        ("business",),
        open_texts=["24/7", "Mo-Fr 09:00-18:00"],
    )
    clauses = query["query"]["bool"]["filter"]
    assert {"term": {"category": "friseur"}} in clauses
    assert {"term": {"district": "marxloh"}} in clauses
    assert {"term": {"languages": "tr"}} in clauses
    assert {"terms": {"wheelchair": ["yes", "limited"]}} in clauses
    assert {"terms": {"opening_hours": ["24/7", "Mo-Fr 09:00-18:00"]}} in clauses
    assert query["query"]["bool"]["must"] == [{"match_all": {}}]
    geo = query["sort"][0]["_geo_distance"]
    assert geo["location"] == {"lat": 51.5, "lon": 6.78} and geo["order"] == "asc"


def test_suggest_query_matches_every_typed_word_as_a_prefix():
    query = build_suggest_query("kua yil", limit=5)
    assert query["query"]["bool"]["must"] == {
        "match": {"title.suggest": {"query": "kua yil", "operator": "and"}}
    }
    assert query["size"] == 5


def test_response_parsing():
    raw = parse_response(
        {
            "hits": {
                "total": {"value": 42, "relation": "eq"},
                "hits": [{"_score": 3.5, "_source": {"kind": "business", "page_id": 12}}],
            },
            "aggregations": {
                "type": {"buckets": [{"key": "business", "doc_count": 40}]},
                "business": {
                    "category": {"buckets": [{"key": "friseur", "doc_count": 7}]},
                    "district": {"buckets": []},
                    "language": {"buckets": [{"key": "tr", "doc_count": 3}]},
                },
            },
        }
    )
    assert raw.total == 42 and raw.hits == [("business", 12, 3.5)]
    assert raw.facets["category"] == {"friseur": 7} and raw.facets["language"] == {"tr": 3}


def test_each_term_is_probed_alone_and_stops_at_its_first_match():
    today = datetime.date(2026, 12, 7)
    probes = term_probes(["kuafor", "preiswert"], ("business", "job"), today)
    assert [probe["terminate_after"] for probe in probes] == [1, 1]
    assert {probe["size"] for probe in probes} == {0}
    query = probes[1]["query"]["bool"]
    # Within the searched kinds and open positions, whatever the query and filters.
    assert query["filter"][0] == {"terms": {"kind": ["business", "job"]}}
    assert query["filter"][1] == open_positions_filter(today)
    # A term counts as typed, with its synonyms, fuzzily, or as a word part: all
    # n-grams of its stem in one field, as the search itself finds it.
    alternatives = query["must"]["bool"]["should"]
    matched = alternatives[0]["bool"]["should"]
    assert [clause["multi_match"]["query"] for clause in matched] == ["preiswert"] * 2
    assert [clause["multi_match"].get("fuzziness") for clause in matched] == [None, "AUTO:4,6"]
    assert alternatives[1] == {
        "multi_match": {
            "query": "preiswert",
            "fields": ["title.parts^2", "vocabulary.parts", "body.parts"],
            "analyzer": "quartier_ngram",
            "operator": "and",
        }
    }
    # A multi-word synonym is one term, all its words required.
    pair = term_probes(["cep telefonu"], ("business",), today)[0]["query"]["bool"]["must"]
    assert pair["multi_match"]["operator"] == "and"


def test_a_compound_term_is_probed_by_its_parts_too():
    (probe,) = term_probes(["hochzeitskleid"], ("business",), datetime.date(2026, 12, 7))
    parts = probe["query"]["bool"]["must"]["bool"]["should"][1]["multi_match"]
    assert (parts["query"], parts["operator"]) == ("hochzeit kleid", "and")


def test_unmatched_terms_are_read_from_the_probes():
    responses = [
        {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": []}},
        {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}},
        {"error": {"type": "search_phase_execution_exception"}, "status": 500},
    ]
    # A failed probe never drops a word.
    assert unmatched_terms(["kuafor", "ucuz", "lutfen"], responses) == ("ucuz",)


def test_a_broader_word_is_an_alternative_far_below_the_word():
    broader = {"pizza": ("imbiss",), "doner": ("imbiss", "schnellimbiss")}
    query = build_query(SearchRequest(query="Pizzas Döner"), ("business",), broader=broader)
    should = query["query"]["function_score"]["query"]["bool"]["must"][0]["bool"]["should"]
    pizza, doner = should[1]["bool"]["must"]
    # "pizzas" by its stem; the typed word's alternatives keep their boost of 0.5.
    assert pizza["bool"]["should"][-1] == {
        "multi_match": {
            "query": "imbiss",
            "fields": ["title^4", "vocabulary^3", "body"],
            "boost": 0.025,
        }
    }
    assert doner["bool"]["should"][-1]["multi_match"]["query"] == "imbiss schnellimbiss"
    assert doner["bool"]["should"][0]["multi_match"]["boost"] == 0.5
