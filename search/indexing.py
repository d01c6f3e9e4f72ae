"""Index maintenance: the folded text table (database backend) and, when
ELASTICSEARCH_URL is set, the Elasticsearch index. Runs as django-tasks tasks
(inline with the immediate backend, in a worker otherwise), so editors never
wait for Elasticsearch; a failure is logged, never raised into the editor."""

import logging

from django_tasks import task

from django.conf import settings
from django.utils import translation

from wagtail.models import Page

from quartier.cache import note_change

from .backends.base import BackendUnavailable
from .backends.elasticsearch import ElasticsearchBackend
from .models import PositionText, SearchText
from .types import (
    available_types,
    default_language_code,
    document_text,
    padded,
    position_type,
    type_for_model,
)

logger = logging.getLogger(__name__)


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", None))


def update_search_text(page, page_type):
    title, vocabulary, body = document_text(page, page_type)
    SearchText.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "kind": page_type.kind,
            "title": padded(title),
            "vocabulary": padded(vocabulary),
            "body": padded(body),
        },
    )


def _is_visible(page, page_type):
    return page_type.visible().filter(pk=page.pk).exists()


def refresh_page(page_id):
    """Brings both indexes up to date with the page's stored (live) content."""
    base = Page.objects.filter(pk=page_id).first()
    if base is None:
        remove_page(page_id)
        return
    page_type = type_for_model(base.specific_class)
    if page_type is None:
        return
    # Always the stored row: an editor's unpublished draft never reaches search.
    page = page_type.source_pages().filter(pk=page_id).first()
    if page is None:  # a page of another language tree is never searched
        remove_page(page_id)
        return
    update_search_text(page, page_type)
    if elasticsearch_enabled():
        try:
            backend = ElasticsearchBackend()
            if _is_visible(page, page_type):
                backend.index_page(page, page_type)
            else:
                backend.delete_page(page_id)
        except BackendUnavailable as exc:
            logger.warning("Search index not updated for page %s: %s", page_id, exc)
    positions = position_type()
    if issubclass(page_type.model, positions.business_model):
        # A position's result shows its business's name and district.
        for job_id in positions.model.objects.filter(page=page).values_list("pk", flat=True):
            refresh_position(job_id)


def _position_row(job):
    title, vocabulary, body = position_type().text(job)
    return PositionText(
        job_id=job.pk, title=padded(title), vocabulary=padded(vocabulary), body=padded(body)
    )


def refresh_position(job_id):
    """Brings both indexes up to date with a stored position. Positions that
    are filled or past their end date stay in the text table (the search
    filters them when it runs); Elasticsearch only holds positions of visible
    businesses and filters the rest at query time the same way."""
    job = position_type().source_positions().filter(pk=job_id).first()
    if job is None:  # deleted, or a copy in another language tree
        remove_position(job_id)
        return
    row = _position_row(job)
    PositionText.objects.update_or_create(
        job_id=job.pk,
        defaults={"title": row.title, "vocabulary": row.vocabulary, "body": row.body},
    )

    def update(backend):
        if position_type().model.objects.of_live_businesses().filter(pk=job.pk).exists():
            backend.index_position(job)
        else:
            backend.delete_position(job.pk)

    _on_elasticsearch(update, "Search index not updated for position %s", job_id)


def remove_position(job_id):
    PositionText.objects.filter(job_id=job_id).delete()
    _on_elasticsearch(
        lambda backend: backend.delete_position(job_id),
        "Position %s not removed from the search index",
        job_id,
    )


def remove_page(page_id):
    SearchText.objects.filter(page_id=page_id).delete()
    _on_elasticsearch(
        lambda backend: backend.delete_page(page_id),
        "Page %s not removed from the search index",
        page_id,
    )


def _on_elasticsearch(action, failure, ident):
    """Runs `action(backend)` when Elasticsearch is configured; an unreachable
    node is logged (`failure` % ident), never raised: the text table is current."""
    if not elasticsearch_enabled():
        return
    try:
        action(ElasticsearchBackend())
    except BackendUnavailable as exc:
        logger.warning(failure + ": %s", ident, exc)


@task()
def refresh_page_task(page_id):
    refresh_page(page_id)
    note_change()


@task()
def remove_page_task(page_id):
    remove_page(page_id)
    note_change()


@task()
def refresh_position_task(job_id):
    refresh_position(job_id)
    note_change()


@task()
def remove_position_task(job_id):
    remove_position(job_id)
    note_change()


@task()
def refresh_subtree_task(page_id):
    """A view restriction added or lifted: the page and everything below it."""
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return
    for pk in Page.objects.descendant_of(root, inclusive=True).values_list("pk", flat=True):
        refresh_page(pk)
    note_change()


@task()
def publish_synonyms_task():
    """The team changed a synonym group: Elasticsearch reads the new rules
    (search.backends.elasticsearch.synonyms); results cached before go stale."""
    _on_elasticsearch(
        lambda backend: backend.publish_synonyms(), "Synonyms not sent to %s", "Elasticsearch"
    )
    note_change()


def enqueue_publish_synonyms():
    try:
        publish_synonyms_task.enqueue()
    except Exception:  # noqa: BLE001 - the group is saved; the next change sends it
        logger.warning("Could not send the synonyms to the search index", exc_info=True)


def enqueue_refresh(page_id):
    try:
        refresh_page_task.enqueue(page_id)
    except Exception:  # noqa: BLE001 - search must never break publishing
        logger.warning("Could not update the search index for page %s", page_id, exc_info=True)


def enqueue_refresh_subtree(page_id):
    try:
        refresh_subtree_task.enqueue(page_id)
    except Exception:  # noqa: BLE001 - search must never break the privacy settings
        logger.warning("Could not update the search index below page %s", page_id, exc_info=True)


def enqueue_refresh_position(job_id):
    try:
        refresh_position_task.enqueue(job_id)
    except Exception:  # noqa: BLE001 - search must never break publishing
        logger.warning("Could not update the search index for position %s", job_id, exc_info=True)


def enqueue_remove_position(job_id):
    try:
        remove_position_task.enqueue(job_id)
    except Exception:  # noqa: BLE001
        logger.warning("Could not remove position %s from the search index", job_id, exc_info=True)


def enqueue_remove(page_id):
    try:
        remove_page_task.enqueue(page_id)
    except Exception:  # noqa: BLE001
        logger.warning("Could not remove page %s from the search index", page_id, exc_info=True)


def iter_visible_pages():
    for page_type in available_types():
        # Under German, visible() prefetches no texts of one language: a
        # document holds the texts of every language.
        with translation.override(default_language_code()):
            queryset = page_type.visible().order_by("pk")
        if page_type.document_prefetch_related:
            # A query per page otherwise: 10,000 more queries in a rebuild.
            queryset = queryset.prefetch_related(*page_type.document_prefetch_related)
        yield from ((page, page_type) for page in queryset.iterator(chunk_size=500))


def iter_visible_positions():
    """Positions of visible businesses for the Elasticsearch index, filled and
    expired ones included: the query filters those when it runs."""
    queryset = (
        position_type()
        .model.objects.of_live_businesses()
        .select_related("page", "page__district", "page__category")
        .prefetch_related("languages")
        .order_by("pk")
    )
    yield from queryset.iterator(chunk_size=500)


def count_visible_pages():
    return sum(page_type.visible().count() for page_type in available_types()) + (
        position_type().model.objects.of_live_businesses().count()
    )


def rebuild_search_text(progress=None):
    """Rewrites the folded text table for every searchable page of the
    source-language tree, which is what search looks in (PageType.source_pages);
    drafts and unpublished pages are included: visibility is checked at query
    time."""
    SearchText.objects.all().delete()
    count = 0
    for page_type in available_types():
        queryset = page_type.source_pages().order_by("pk")
        if page_type.select_related:
            queryset = queryset.select_related(*page_type.select_related)
        if page_type.text_prefetch_related:
            queryset = queryset.prefetch_related(*page_type.text_prefetch_related)
        batch = []
        for page in queryset.iterator(chunk_size=500):
            title, vocabulary, body = document_text(page, page_type)
            batch.append(
                SearchText(
                    page_id=page.pk,
                    kind=page_type.kind,
                    title=padded(title),
                    vocabulary=padded(vocabulary),
                    body=padded(body),
                )
            )
            count += 1
            if progress:
                progress()
            if len(batch) >= 500:
                SearchText.objects.bulk_create(batch)
                batch = []
        SearchText.objects.bulk_create(batch)
    return count + rebuild_position_text(progress)


def rebuild_position_text(progress=None):
    """Rewrites the positions' folded text table (source-language tree)."""
    PositionText.objects.all().delete()
    rows = []
    for job in position_type().source_positions().prefetch_related("languages").order_by("pk"):
        rows.append(_position_row(job))
        if progress:
            progress()
    PositionText.objects.bulk_create(rows, batch_size=500)
    return len(rows)
