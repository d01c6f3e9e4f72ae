"""Property-based tests: hostile query parameters on the public endpoints never
cause a server error. Each answer is a success or a 4xx with a readable message."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.test import Client

from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory

FUZZ_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "' OR 1=1 --",
        '"; DROP TABLE wagtailcore_page; --',
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "%00",
        "%",
        "_",
        "\\",
        "NaN",
        "inf",
        "-inf",
        "1e309",
        "91,181",
        "-91,0",
        "51.4,6.7,3",
        "51.4;6.7",
        "51.4",
        ",",
        "null",
        "[]",
        "{}",
        "true",
        "9" * 400,
        "x" * 5000,
        "ü" * 300,
        "مرحبا",
        "\u202e\u200b",
        "\ud7ff",
        "\U0001f600",
    ]
)
TEXT = st.one_of(NASTY_STRINGS, st.text(max_size=300), st.integers().map(str))
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
POINT = st.one_of(
    st.tuples(NUMBERS, NUMBERS).map(",".join),
    st.tuples(
        st.floats(min_value=-200, max_value=200), st.floats(min_value=-400, max_value=400)
    ).map(lambda p: f"{p[0]},{p[1]}"),
    TEXT,
)
COMMON_KEYS = [
    "q",
    "category",
    "district",
    "language",
    "campaign",
    "open_now",
    "wheelchair",
    "near",
    "near_district",
    "sort",
    "page",
    "type",
    "limit",
    "bbox",
    "format",
    "callback",
    "unknown_filter",
    "__proto__",
    "q[]",
]


def query_params():
    values = st.one_of(TEXT, NUMBERS, POINT, st.lists(TEXT, min_size=1, max_size=3))
    keys = st.one_of(st.sampled_from(COMMON_KEYS), st.text(min_size=1, max_size=40))
    return st.dictionaries(keys, values, max_size=6)


def assert_handled(response, path, params):
    """A result (200) or a refusal that names what is wrong (400): never a
    server error, a redirect or a silent 404."""
    status = response.status_code
    assert status in (200, 400), (path, params, status, response.content[:300])
    if status == 400:
        assert response["Content-Type"].startswith("application/json"), (path, params)
        errors = json.loads(response.content)["errors"]
        assert errors, (path, params)
        assert all(isinstance(m, str) and m.strip() for m in errors.values()), errors


def fetch(path, params):
    # Bytes the WSGI layer cannot decode and NULs are sent as they are.
    return Client().get(path, params)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_content")  # districts, categories, businesses
class TestSearchApiFuzz:
    @FUZZ_SETTINGS
    @given(params=query_params())
    def test_search_api_never_fails(self, params):
        assert_handled(fetch("/api/search/", params), "/api/search/", params)

    @FUZZ_SETTINGS
    @given(params=query_params())
    def test_geojson_api_never_fails(self, params):
        response = fetch("/api/businesses.geojson", params)
        assert_handled(response, "/api/businesses.geojson", params)
        if response.status_code == 200:
            assert json.loads(response.content)["type"] == "FeatureCollection"

    @FUZZ_SETTINGS
    @given(params=query_params())
    def test_search_page_never_fails(self, params):
        assert_handled(fetch("/suche/", params), "/suche/", params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/search/", {"near": "91,0"}),
        ("/api/search/", {"near": "0,181"}),
        ("/api/search/", {"near": "abc"}),
        ("/api/search/", {"page": "-1"}),
        ("/api/search/", {"q": "x" * 5000}),
        ("/api/search/", {"sort": "'; DROP TABLE x"}),
        ("/api/businesses.geojson", {"near": "91,0"}),
        ("/api/businesses.geojson", {"district": "<script>"}),
        ("/api/businesses.geojson", {"category": "x" * 5000}),
    ],
)
def test_invalid_parameters_get_a_clear_4xx(client, home_page, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    (key,) = params
    assert errors[key].strip()  # a readable message about the parameter at fault


@pytest.mark.django_db
def test_nul_byte_and_bad_percent_encoding_in_the_path(client, home_page):
    expected = {
        "/api/search/?q=%00": 200,
        "/api/search/?q=%ff%fe": 200,
        "/%00/": 404,
        "/suche/?q=%e2%82": 200,
    }
    assert {path: client.get(path).status_code for path in expected} == expected


# --- public forms -------------------------------------------------------------

FORM_TEXT = st.one_of(NASTY_STRINGS, st.text(max_size=3000))


@pytest.fixture
def business(home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    return BusinessPageFactory(parent=directory, title="Fuzz-Laden")


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(
    data=st.fixed_dictionaries(
        {"form": st.just("claim")},
        optional={
            "name": FORM_TEXT,
            "email": FORM_TEXT,
            "phone": FORM_TEXT,
            "message": FORM_TEXT,
            "consent": FORM_TEXT,
            "website": st.just(""),
        },
    )
)
def test_claim_form_with_bad_input_never_fails(business, data):
    from quartier.models import RateLimitCounter

    # The claim form's rate limit (a table) would answer 429 after five posts.
    RateLimitCounter.objects.all().delete()
    response = Client().post(business.url, data)
    assert response.status_code in {302, 400}, response.content[:300]
    if response.status_code == 302:  # stored, or a bot answered like a person
        assert response["Location"] == business.url + "#claim"
    if response.status_code == 400:
        assert 'role="alert"' in response.text or "errorlist" in response.text
