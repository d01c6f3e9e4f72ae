"""Relevance of the resident search, measured on two sets:

- tests/search/relevance.json, the project's own set: a small Hochfeld/Marxloh
  directory and what residents type in the six languages (typos, missing
  umlauts and Turkish letters, compounds, synonyms, district names), searched
  among businesses only;
- tests/search/relevance_residents.json, written from a resident's point of
  view before the ranking work of issue #28 and never used to tune it: other
  businesses with streets and opening hours, open positions, workshops and
  news in the same index, colloquial, misspelt, mixed-language and
  Latin-letter queries, streets and "open now", searched among every kind as
  the search page does;
- tests/search/relevance_fresh.json, a third set of the same shape written on
  7 December 2026 by a session that saw neither the search's vocabulary nor
  the other sets, after eight of the residents' queries had been tuned on
  (docs/entwicklung/suchqualitaet.md); measured once, never tuned on.

Every query goes through the JSON search API on each backend; the test prints
a table (run with -s, or `bench/relevance.py` for both sets side by side) and
fails below the targets.

recall@10: share of a query's expected results among its first ten results
(all of them when it has ten or fewer), averaged over the queries.
MRR: mean of 1 / rank of the first expected result (0 if not in the ten)."""

import datetime
import json
import logging
import os
from decimal import Decimal
from pathlib import Path

import pytest

from django.test import override_settings

from directory.demo import load_reference_data
from directory.models import BusinessJob, BusinessPage, Category, District, Language
from quartier.clock import local_today, site_zone
from tests.blog.factories import (
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
    at,
)
from tests.directory.factories import BusinessPageFactory
from tests.jobs.factories import BusinessJobFactory, make_board

pytestmark = pytest.mark.django_db

SETS = {
    "project": Path(__file__).with_name("relevance.json"),
    "residents": Path(__file__).with_name("relevance_residents.json"),
    "fresh": Path(__file__).with_name("relevance_fresh.json"),
}
CUTOFF = 10
# (set, backend): (minimum recall@10, minimum MRR). The project set holds the
# targets of issue #28; the residents' set holds the level measured when it
# was last worked on (docs/entwicklung/suchqualitaet.md: eight of its queries
# count as tuned on since the everyday vocabulary).
TARGETS = {
    ("project", "elasticsearch"): (0.98, 0.92),
    ("project", "database"): (0.93, 0.85),
    ("residents", "elasticsearch"): (0.98, 0.975),
    ("residents", "database"): (0.98, 0.975),
    # Measured once, far below the targets (docs: "A third set, measured once").
    ("fresh", "elasticsearch"): (0.78, 0.77),
    ("fresh", "database"): (0.78, 0.79),
}
# Where bench/relevance.py collects the numbers (one JSON file per run).
REPORT_FILE = os.environ.get("RELEVANCE_REPORT", "")


def load_set(name="project"):
    return json.loads(SETS[name].read_text(encoding="utf-8"))


def build_directory(directory, data):
    """The project set's districts, categories, languages and businesses, published."""
    districts = {}
    for row in data["districts"]:
        latitude, longitude = row["centre"]
        districts[row["slug"]] = District.objects.create(
            slug=row["slug"],
            name=row["name"],
            city="Duisburg",
            centre_latitude=Decimal(str(latitude)),
            centre_longitude=Decimal(str(longitude)),
        )
    categories = {
        row["slug"]: Category.objects.create(
            slug=row["slug"],
            name=row["name"],
            name_translations=row["translations"],
            keywords=row["keywords"],
        )
        for row in data["categories"]
    }
    languages = {
        row["code"]: Language.objects.get_or_create(
            code=row["code"],
            defaults={"native_name": row["native_name"], "german_name": row["german_name"]},
        )[0]
        for row in data["languages"]
    }
    for number, row in enumerate(data["businesses"]):
        district = districts[row["district"]]
        page = BusinessPageFactory(
            parent=directory,
            title=row["title"],
            slug=f"relevance-{number}",
            tagline=row.get("tagline", ""),
            category=categories[row["category"]],
            district=district,
            latitude=district.centre_latitude,
            longitude=district.centre_longitude,
        )
        if row.get("languages"):
            page.languages.set([languages[code] for code in row["languages"]])
            page.save_revision().publish()


def set_clock(data, clock_at):
    """Stops the clock at the set's `clock` (site time), if it has one."""
    if data.get("clock"):
        local = datetime.datetime.fromisoformat(data["clock"]).replace(tzinfo=site_zone())
        clock_at(local)


def build_resident_directory(home_page, directory, data):
    """The residents' set on the site's real reference data (demo districts,
    categories and languages): its businesses with street, position and
    opening hours, their open positions, workshops and news, all published."""
    load_reference_data()
    categories = {category.slug: category for category in Category.objects.all()}
    districts = {district.slug: district for district in District.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    pages = {}
    for number, row in enumerate(data["businesses"]):
        latitude, longitude = row["location"]
        page = BusinessPageFactory(
            parent=directory,
            title=row["title"],
            slug=f"nachbarschaft-{number}",
            tagline=row["tagline"],
            category=categories[row["category"]],
            district=districts[row["district"]],
            street=row["street"],
            house_number=row["house_number"],
            postcode="47169" if row["district"] == "marxloh" else "47053",
            latitude=Decimal(str(latitude)),
            longitude=Decimal(str(longitude)),
            opening_hours=row["opening_hours"],
        )
        if row["languages"]:
            page.languages.set([languages[code] for code in row["languages"]])
        pages[row["title"]] = page
    make_board(home_page)
    for row in data["positions"]:
        BusinessJobFactory(
            page=pages[row["business"]],
            title=row["title"],
            kind=BusinessJob.Kind(row["kind"]),
            description=row["description"],
            valid_until=local_today() + datetime.timedelta(days=60),
        )
    for page in pages.values():
        BusinessPage.objects.get(pk=page.pk).save_revision().publish()
    events = EventIndexPageFactory(parent=home_page)
    news = NewsIndexPageFactory(parent=home_page)
    for number, row in enumerate(data["pages"]):
        if row["kind"] == "workshop":
            WorkshopPageFactory(
                parent=events,
                title=row["title"],
                slug=f"kurs-{number}",
                teaser=row["teaser"],
                dates=[(at(10, 10), at(10, 12))],
            )
        else:
            NewsPageFactory(
                parent=news, title=row["title"], slug=f"nachricht-{number}", teaser=row["teaser"]
            )


def rebuild_elasticsearch():
    from search.backends.elasticsearch import (
        ElasticsearchBackend,
        position_document,
        to_document,
    )
    from search.indexing import iter_visible_pages, iter_visible_positions

    documents = [to_document(page, kind) for page, kind in iter_visible_pages()]
    documents += [position_document(job) for job in iter_visible_positions()]
    ElasticsearchBackend().rebuild(documents)


def measure(client, queries, backend, every_kind=False):
    """One row per query: (query, found titles, recall@10, reciprocal rank).
    The project set searches businesses only; the residents' set every kind."""
    rows = []
    for query in queries:
        params = {"q": query["q"], **query.get("params", {})}
        if not every_kind:
            params["type"] = "business"
        response = client.get("/api/search/", params)
        assert response.status_code == 200, query["q"]
        data = response.json()
        assert data["backend"] == backend, "answered by the fallback"
        found = [hit["title"] for hit in data["results"][:CUTOFF]]
        expected = query["expected"]
        hits = [title for title in expected if title in found]
        recall = len(hits) / min(len(expected), CUTOFF)
        ranks = [found.index(title) + 1 for title in hits]
        rows.append((query, found, recall, 1 / min(ranks) if ranks else 0.0))
    return rows


def report(name, backend, rows):
    recall = sum(row[2] for row in rows) / len(rows)
    mrr = sum(row[3] for row in rows) / len(rows)
    print(f"\n\nRelevance of the {name} set on {backend}: {len(rows)} queries")
    print(f"{'query':<28} {'lang':<4} {'recall@10':>9} {'RR':>5}  first results")
    for query, found, row_recall, reciprocal in rows:
        shown = ", ".join(found[:3]) + (" ..." if len(found) > 3 else "")
        flag = "" if row_recall == 1 and reciprocal == 1 else "  <--"
        print(
            f"{query['q']:<28} {query['lang']:<4} {row_recall:>9.2f} {reciprocal:>5.2f}  "
            f"{shown or '(nothing)'}{flag}"
        )
    by_language = {}
    for query, _found, row_recall, reciprocal in rows:
        by_language.setdefault(query["lang"], []).append((row_recall, reciprocal))
    print(f"\n{'language':<10} {'queries':>7} {'recall@10':>9} {'MRR':>6}")
    for language, values in sorted(by_language.items()):
        print(
            f"{language:<10} {len(values):>7} {sum(v[0] for v in values) / len(values):>9.3f} "
            f"{sum(v[1] for v in values) / len(values):>6.3f}"
        )
    print(f"{'all':<10} {len(rows):>7} {recall:>9.3f} {mrr:>6.3f}")
    if REPORT_FILE:
        path = Path(REPORT_FILE)
        numbers = json.loads(path.read_text()) if path.exists() else {}
        numbers[f"{name}/{backend}"] = {
            "queries": len(rows),
            "recall@10": round(recall, 3),
            "mrr": round(mrr, 3),
            "misses": [
                {"q": query["q"], "recall": round(r, 2), "rr": round(rr, 2), "found": found[:5]}
                for query, found, r, rr in rows
                if r < 1 or rr < 1
            ],
        }
        path.write_text(json.dumps(numbers, ensure_ascii=False, indent=1))
    return recall, mrr


def check(name, backend, recall, mrr):
    min_recall, min_mrr = TARGETS[(name, backend)]
    assert recall >= min_recall and mrr >= min_mrr, (
        f"{name} set on {backend}: recall@10 {recall:.3f} (target {min_recall}), "
        f"MRR {mrr:.3f} (target {min_mrr})"
    )


def test_the_relevance_set_is_well_formed():
    data = load_set("project")
    titles = [row["title"] for row in data["businesses"]]
    assert len(titles) == len(set(titles)) and 40 <= len(titles) <= 80
    assert len(data["queries"]) >= 40
    assert {query["lang"] for query in data["queries"]} >= {"de", "tr", "en", "ar", "bg", "ro"}
    categories = {row["slug"] for row in data["categories"]}
    assert {row["category"] for row in data["businesses"]} <= categories
    for query in data["queries"]:
        assert query["expected"] and set(query["expected"]) <= set(titles), query["q"]


@pytest.mark.parametrize("name", ["residents", "fresh"])
def test_the_held_out_sets_are_well_formed(name):
    data = load_set(name)
    titles = [row["title"] for row in data["businesses"]]
    titles += [row["title"] for row in data["positions"] + data["pages"]]
    assert len(titles) == len(set(titles))
    assert len(data["queries"]) >= 60
    assert {query["lang"] for query in data["queries"]} == {"de", "tr", "en", "ar", "bg", "ro"}
    tags = {tag for query in data["queries"] for tag in query["tags"]}
    assert tags >= {"colloquial", "typo", "mixed", "latin-tr", "latin-ar", "street", "open-now"}
    for query in data["queries"]:
        assert query["expected"] and set(query["expected"]) <= set(titles), query["q"]


def test_relevance_targets_project_set(client, directory, backend, caplog):
    caplog.set_level(logging.WARNING, logger="elastic_transport")  # a line per request
    data = load_set("project")
    with override_settings(ELASTICSEARCH_URL=None):  # indexed once below, not page by page
        build_directory(directory, data)
    if backend == "elasticsearch":
        rebuild_elasticsearch()
    recall, mrr = report("project", backend, measure(client, data["queries"], backend))
    check("project", backend, recall, mrr)


@pytest.mark.parametrize("name", ["residents", "fresh"])
def test_relevance_targets_held_out_sets(
    client, home_page, directory, backend, caplog, clock_at, name
):
    caplog.set_level(logging.WARNING, logger="elastic_transport")
    data = load_set(name)
    set_clock(data, clock_at)
    with override_settings(ELASTICSEARCH_URL=None):
        build_resident_directory(home_page, directory, data)
    if backend == "elasticsearch":
        rebuild_elasticsearch()
    rows = measure(client, data["queries"], backend, every_kind=True)
    recall, mrr = report(name, backend, rows)
    check(name, backend, recall, mrr)
