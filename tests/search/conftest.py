"""Fixtures for the search tests: a small directory in two districts and a
`backend` fixture that runs each behavioural test against every available
search backend (the database always, Elasticsearch when ELASTICSEARCH_URL is set)."""

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from wagtail.models import PageViewRestriction

from directory.models import BusinessPage
from tests.directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DirectoryIndexPageFactory,
    DistrictFactory,
    LanguageFactory,
)

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Index names of the test runs; runs that share one node at the same time
# (several clones on one machine) each set their own.
TEST_INDEX_PREFIX = os.environ.get("TEST_ELASTICSEARCH_INDEX_PREFIX", "quartier_test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _node_config_dir():
    """The configuration folder of the node scripts/elasticsearch.sh starts
    (`make elasticsearch`, CI), where the team's synonyms are written as a
    reloadable file when the node has no synonyms API (it lacks the module)."""
    if "TEST_ELASTICSEARCH_SYNONYMS_DIR" in os.environ:
        return os.environ["TEST_ELASTICSEARCH_SYNONYMS_DIR"]
    port = urlsplit(ELASTICSEARCH_URL).port or 9200 if ELASTICSEARCH_URL else 9200
    home = (
        os.environ.get("ES_HOME") or Path(tempfile.gettempdir()) / f"quartier-elasticsearch-{port}"
    )
    config = Path(home) / "config"
    return str(config) if config.is_dir() else ""


TEST_SYNONYMS_DIR = _node_config_dir()
ALWAYS_OPEN = "24/7"


@pytest.fixture
def directory(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def places(db):
    hochfeld = DistrictFactory(
        slug="hochfeld",
        name="Hochfeld",
        centre_latitude=Decimal("51.420600"),
        centre_longitude=Decimal("6.757800"),
    )
    marxloh = DistrictFactory(
        slug="marxloh",
        name="Marxloh",
        centre_latitude=Decimal("51.501000"),
        centre_longitude=Decimal("6.779000"),
    )
    friseur = CategoryFactory(
        slug="friseur",
        name="Friseur",
        name_translations={"tr": "Kuaför", "en": "Hairdresser"},
        keywords="Barbier\nHaarschnitt",
    )
    baeckerei = CategoryFactory(
        slug="baeckerei",
        name="Bäckerei",
        name_translations={"tr": "Fırın", "en": "Bakery"},
        keywords="Brot\nBrötchen",
    )
    elektronik = CategoryFactory(
        slug="elektronik",
        name="Handy und Elektronik",
        name_translations={"tr": "Telefon ve elektronik", "en": "Phones and electronics"},
        keywords="Handyreparatur\nDisplay",
    )
    schneiderei = CategoryFactory(
        slug="schneiderei", name="Schneiderei", name_translations={"tr": "Terzi"}
    )
    turkish = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    arabic = LanguageFactory(code="ar", native_name="العربية", german_name="Arabisch")
    return {
        "hochfeld": hochfeld,
        "marxloh": marxloh,
        "friseur": friseur,
        "baeckerei": baeckerei,
        "elektronik": elektronik,
        "schneiderei": schneiderei,
        "tr": turkish,
        "ar": arabic,
    }


def make_business(directory, title, category, district, lat, lng, **kwargs):
    languages = kwargs.pop("languages", [])
    page = BusinessPageFactory(
        parent=directory,
        title=title,
        category=category,
        district=district,
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lng)),
        **kwargs,
    )
    if languages:
        page.languages.set(languages)
        page.save_revision().publish()
    return page


@pytest.fixture
def businesses(directory, places):
    p = places
    made = {
        "kuafor": make_business(
            directory,
            "Kuaför Yıldız",
            p["friseur"],
            p["marxloh"],
            51.5011,
            6.7791,
            tagline="Herrenschnitt und Bartpflege",
            languages=[p["tr"]],
            opening_hours=ALWAYS_OPEN,
        ),
        "salon": make_business(
            directory,
            "Salon Haarscharf",
            p["friseur"],
            p["hochfeld"],
            51.4300,
            6.7600,
            tagline="Damen und Herren",
            opening_hours="",
        ),
        "baeckerei": make_business(
            directory,
            "Bäckerei Müller",
            p["baeckerei"],
            p["hochfeld"],
            51.4207,
            6.7579,
            tagline="Frisches Brot seit 1998",
            languages=[p["ar"]],
            opening_hours=ALWAYS_OPEN,
        ),
        "handy": make_business(
            directory,
            "Handyreparatur Express",
            p["elektronik"],
            p["hochfeld"],
            51.4210,
            6.7590,
            tagline="Displaytausch in einer Stunde",
        ),
        "terzi": make_business(
            directory,
            "Terzi Ayşe",
            p["schneiderei"],
            p["marxloh"],
            51.5020,
            6.7800,
            tagline="Änderungen aller Art",
        ),
        # Never visible:
        "closed": make_business(
            directory,
            "Kuaför Geschlossen",
            p["friseur"],
            p["marxloh"],
            51.5012,
            6.7792,
            status=BusinessPage.Status.CLOSED,
        ),
        "paused": make_business(
            directory,
            "Kuaför Pause",
            p["friseur"],
            p["marxloh"],
            51.5013,
            6.7793,
            status=BusinessPage.Status.TEMPORARILY_CLOSED,
        ),
        "draft": make_business(
            directory,
            "Kuaför Entwurf",
            p["friseur"],
            p["marxloh"],
            51.5014,
            6.7794,
            live=False,
        ),
        "private": make_business(
            directory,
            "Kuaför Privat",
            p["friseur"],
            p["marxloh"],
            51.5015,
            6.7795,
        ),
    }
    PageViewRestriction.objects.create(
        page=made["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return made


HIDDEN = ("closed", "paused", "draft", "private")


def _backends():
    yield "database"
    marks = [pytest.mark.elasticsearch]
    if not IN_CI:
        # In CI (CI=true) a missing node fails these tests instead (backend fixture).
        marks.append(
            pytest.mark.skipif(
                not ELASTICSEARCH_URL,
                reason="ELASTICSEARCH_URL is not set: start a node with "
                "`make elasticsearch` (see README, Search)",
            )
        )
    yield pytest.param("elasticsearch", marks=marks)


@pytest.fixture(params=list(_backends()))
def backend(request, settings):
    """Name of the backend under test; settings point at it."""
    if request.param == "elasticsearch":
        if not ELASTICSEARCH_URL:
            pytest.fail("CI=true and ELASTICSEARCH_URL is not set: .ci/run starts the node")
        settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
        settings.ELASTICSEARCH_INDEX_PREFIX = TEST_INDEX_PREFIX
        settings.ELASTICSEARCH_SYNONYMS_DIR = TEST_SYNONYMS_DIR
    else:
        settings.ELASTICSEARCH_URL = None
    return request.param


@pytest.fixture
def run_search(backend, businesses):
    """search_all after the backend's index is current (Elasticsearch: rebuilt)."""
    from search import service
    from search.indexing import iter_visible_pages

    if backend == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend, to_document

        ElasticsearchBackend().rebuild(to_document(page, t) for page, t in iter_visible_pages())

    def run(query="", **kwargs):
        result = service.search_all(query, **kwargs)
        assert result.backend == backend and not result.fallback
        return result

    return run


def titles(result):
    return [hit.title for hit in result.results]
