"""The content index's mapping and its documents: one index family
("<prefix>_content", an alias to a timestamped index) holding every
registered page type and open positions (kind "job", whose `page_id` is the
position's id)."""

import datetime
import secrets

from elasticsearch.dsl import Boolean, Date, Document, GeoPoint, Integer, Keyword, Text

from django.conf import settings

from quartier.i18n import default_content_language
from quartier.page_urls import url

from ...types import document_text, position_type
from .analysis import (
    FUZZY_ANALYZER,
    INDEX_ANALYZER,
    NGRAM_ANALYZER,
    PREFIX_ANALYZER,
    SEARCH_ANALYZER,
    TYPED_ANALYZER,
)


def _suggest_field():
    """Word prefixes, searched with what was typed so far (no stemming, no synonyms)."""
    return Text(analyzer=PREFIX_ANALYZER, search_analyzer=TYPED_ANALYZER)


def _text(**kwargs):
    return Text(
        analyzer=INDEX_ANALYZER,
        search_analyzer=SEARCH_ANALYZER,
        fields={"parts": Text(analyzer=NGRAM_ANALYZER)},
        **kwargs,
    )


class ContentDocument(Document):
    kind = Keyword()
    page_id = Integer()
    url = Keyword(index=False)
    title = Text(
        analyzer=INDEX_ANALYZER,
        search_analyzer=SEARCH_ANALYZER,
        fields={
            "parts": Text(analyzer=NGRAM_ANALYZER),
            "raw": Keyword(normalizer="lowercase"),
            "suggest": _suggest_field(),
        },
    )
    vocabulary = _text()
    body = _text()
    category = Keyword()
    category_name = Keyword(fields={"suggest": _suggest_field()})
    district = Keyword()
    languages = Keyword()
    campaigns = Keyword()
    wheelchair = Keyword()
    # The exact opening-hours text: "open now" filters on the texts open at that
    # moment (each distinct text evaluated once), not on thousands of ids.
    opening_hours = Keyword(index=True, doc_values=False)
    location = GeoPoint()
    # Positions: filtered when the query runs, so that one past its end date
    # or marked filled is gone at once.
    valid_until = Date()
    filled = Boolean()

    class Index:
        name = "quartier_content"
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "max_ngram_diff": 1}


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_content"


def new_index_name(now=None):
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%d%H%M%S%f")
    # The suffix keeps two rebuilds apart when the clock stands still (tests).
    return f"{alias_name()}_{stamp}_{secrets.token_hex(3)}"


def index_body():
    """Settings and mappings of the content index, as sent to Elasticsearch."""
    index = ContentDocument._index.clone(name=alias_name())
    # Analyzers that only queries name (no field uses them) must be declared too.
    index.analyzer(FUZZY_ANALYZER)
    return index.to_dict()


def to_document(page, page_type):
    """The Elasticsearch document of a visible page: its text, and the facet
    and filter fields its type declares (PageType.document_fields)."""
    title, vocabulary, body = document_text(page, page_type)
    doc = {
        "kind": page_type.kind,
        "page_id": page.pk,
        # The German URL: the index is one for all languages; results are
        # linked in the visitor's language when they are read (search.service).
        "url": url(page, default_content_language()) or "",
        "title": title,
        "vocabulary": vocabulary,
        "body": body,
    }
    if page_type.document_fields:
        doc.update(page_type.document_fields(page))
    elif hasattr(page, "languages"):
        doc["languages"] = [language.code for language in page.languages.all()]
    return doc


def position_document(job):
    """The Elasticsearch document of a position (job.page with its district
    and category selected); `page_id` holds the position's id."""
    positions = position_type()
    title, vocabulary, body = positions.text(job)
    business = job.page
    return {
        "kind": positions.kind,
        "page_id": job.pk,
        "url": "",
        "title": title,
        "vocabulary": vocabulary,
        "body": body,
        "district": business.district.slug if business.district_id else None,
        "languages": [language.code for language in job.languages.all()],
        "valid_until": job.valid_until.isoformat() if job.valid_until else None,
        "filled": job.filled,
    }


def document_id(doc):
    """Pages keep their id; positions are "job-<id>" (their ids are another sequence)."""
    if doc["kind"] == "job":
        return f"job-{doc['page_id']}"
    return str(doc["page_id"])
