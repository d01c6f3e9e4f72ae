"""Elasticsearch analysis: the analysers of the content index (folding as
search.folding does, German light stemming, the database backend's stop
words, compounds split by the known words, the team's synonyms at search time
(filled in when an index is built: .synonyms), word parts and
prefixes for suggestions). Every component has its official name and
settings, so the index is the same on the development node and in production."""

from elasticsearch.dsl import analyzer, char_filter, token_filter, tokenizer

from ...folding import STOPWORDS, fold, read_compound_words

# The database backend's stop words (folded, six languages), not "_german_": that
# list is meant for unfolded text, and after folding it removed content words
# such as "ändern" ("andern", a form of "andere").
stop_words = token_filter("quartier_stop", "stop", stopwords=sorted(STOPWORDS))
german_stemmer = token_filter("quartier_german_stemmer", "stemmer", language="light_german")
folding = token_filter("quartier_folding", "asciifolding", preserve_original=False)
ARABIC_LETTERS = range(0x0600, 0x0700)


def arabic_folding():
    """Mapping rules for the Arabic letters and marks that search.folding.fold
    changes (hamza forms to their base letter, vowel marks removed: "أسنان" is
    "اسنان"), taken from fold itself so both backends fold Arabic alike;
    asciifolding leaves the Arabic script alone."""
    rules = []
    for code in ARABIC_LETTERS:
        folded = fold(chr(code))
        if folded != chr(code):
            rules.append(f"\\u{code:04x} => " + "".join(f"\\u{ord(c):04x}" for c in folded))
    return rules


# Turkish dotless i and ß are folded by asciifolding/german_normalization;
# this maps the letters those filters leave alone the same way folding.py does.
special_letters = char_filter(
    "quartier_special_letters",
    "mapping",
    mappings=["ı => i", "İ => i", "ẞ => ss", *arabic_folding()],
)


def synonym_filter(rules=None):
    """The synonym filter with `rules` inline; ElasticsearchBackend.rebuild
    replaces it by one that reads the team's rules from a synonyms set or a
    reloadable file (.synonyms.filter_settings)."""
    return token_filter(
        "quartier_synonyms", "synonym_graph", synonyms=list(rules or ()), lenient=True
    )


def decompounder(words=None):
    return token_filter(
        "quartier_decompounder",
        "dictionary_decompounder",
        word_list=list(words if words is not None else read_compound_words()),
        min_subword_size=3,
        only_longest_match=False,
    )


ngram_tokenizer = tokenizer(
    "quartier_ngram", "ngram", min_gram=3, max_gram=4, token_chars=["letter", "digit"]
)
# Suggestions as you type: every word indexed with its prefixes of 2-15 letters.
word_prefixes = token_filter("quartier_prefixes", "edge_ngram", min_gram=2, max_gram=15)


def analyzers(rules=None, words=None):
    index_analyzer = analyzer(
        "quartier_index",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=[
            "lowercase",
            "german_normalization",
            folding,
            decompounder(words),
            stop_words,
            german_stemmer,
        ],
    )
    search_analyzer = analyzer(
        "quartier_search",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=[
            "lowercase",
            "german_normalization",
            folding,
            # Synonyms before the stop words: rules such as "rochie de mireasă" keep
            # their words (a rule with a removed word would be dropped as a whole).
            synonym_filter(rules),
            stop_words,
            german_stemmer,
        ],
    )
    # Fuzzy queries cannot run through a synonym graph; this is the same chain without it.
    fuzzy_analyzer = analyzer(
        "quartier_fuzzy",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding, stop_words, german_stemmer],
    )
    ngram_analyzer = analyzer(
        "quartier_ngram",
        tokenizer=ngram_tokenizer,
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding],
    )
    prefix_analyzer = analyzer(
        "quartier_prefix",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding, word_prefixes],
    )
    typed_analyzer = analyzer(
        "quartier_typed",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding],
    )
    return (
        index_analyzer,
        search_analyzer,
        fuzzy_analyzer,
        ngram_analyzer,
        prefix_analyzer,
        typed_analyzer,
    )


(
    INDEX_ANALYZER,
    SEARCH_ANALYZER,
    FUZZY_ANALYZER,
    NGRAM_ANALYZER,
    PREFIX_ANALYZER,
    TYPED_ANALYZER,
) = analyzers()
