"""Names, email addresses and phone numbers of workshop registrants and of
people who claimed a business reach only the roles that manage them: no admin
URL (choosers, bulk-action confirmations, listings, history) shows them to a
shopkeeper, and claims are the coordination team's alone."""

import re

import pytest
import wagtail_factories

from django.urls import URLResolver, get_resolver

from blog.models import Registration
from directory.models import BusinessClaim
from quartier import roles

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper
from .test_roles import member_of

REGISTRANT = {"name": "Rita Registrantin", "email": "rita@privat.example", "phone": "0203 777111"}
CLAIMANT = {"name": "Carl Claimant", "email": "carl@privat.example", "phone": "0203 777222"}
MODELS = [("blog", "registration"), ("directory", "businessclaim")]


def admin_routes():
    """Every URL pattern under /admin/, as the resolver lists them."""

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            else:
                yield route

    return [route for route in walk(get_resolver(), "") if route.startswith("admin/")]


@pytest.fixture
def personal_data(home_page):
    directory = make_directory(home_page)
    business = BusinessPageFactory(parent=directory, title="Laden A")
    owner = shopkeeper(business)
    workshop = WorkshopPageFactory(parent=EventIndexPageFactory(parent=home_page))
    registration = Registration.objects.create(workshop=workshop, places=1, **REGISTRANT)
    claim = BusinessClaim.objects.create(business=business, message="Mein Laden", **CLAIMANT)
    ids = {
        "registration": registration.pk,
        "claim": claim.pk,
        "page": business.pk,
        "workshop": workshop.pk,
        "image": wagtail_factories.ImageFactory().pk,
        "document": wagtail_factories.DocumentFactory().pk,
        "user": owner.pk,
        "revision": business.save_revision().pk,
    }
    return owner, ids


def object_ids_for(route, ids):
    """The ids worth trying for a route's object: its own kind's, and always
    the personal data's, since a generic view may take any model's id."""
    personal = [ids["registration"], ids["claim"]]
    for prefix, kind in (
        ("admin/pages/", "page"),
        ("admin/images/", "image"),
        ("admin/documents/", "document"),
        ("admin/users/", "user"),
    ):
        if route.startswith(prefix):
            return [ids[kind], *personal]
    return personal


PARAMETER_VALUES = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_pk": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "revision_id": "revision",
    "revision_id_a": "revision",
}
FIXED_VALUES = {"filter_spec": "original", "revision_id_b": "latest"}


def admin_urls(ids):
    """Concrete URLs for every admin route, with real ids filled in."""
    parameter = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
    urls = set()
    for route in admin_routes():
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        if ".*" in route or "logout" in route:
            continue  # the catch-all, and the one view that ends the session
        names = [a or b for a, b in parameter.findall(route)]
        variants = [{}]
        for name in names:
            if name in ("app_label", "app_name", "content_type_app_name"):
                continue  # paired with the model name below
            if name in ("model_name", "content_type_model_name"):
                values = [("model", model) for model in MODELS]
            elif name in PARAMETER_VALUES:
                values = [ids[PARAMETER_VALUES[name]]]
            elif name in FIXED_VALUES:
                values = [FIXED_VALUES[name]]
            elif name in ("action", "action_name"):
                values = ["delete"]
            else:
                values = object_ids_for(route, ids)
            variants = [{**variant, name: value} for variant in variants for value in values]
        for variant in variants:
            model = next((v[1] for v in variant.values() if isinstance(v, tuple)), MODELS[0])

            def fill(match, variant=variant, model=model):
                name = match.group(1) or match.group(2)
                if name in ("app_label", "app_name", "content_type_app_name"):
                    return model[0]
                value = variant[name]
                return value[1][1] if isinstance(value, tuple) else str(value)

            urls.add("/" + parameter.sub(fill, route))
    return sorted(urls)


def leaks(text, people):
    return [value for person in people for value in person.values() if value in text]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "hidden"),
    [("owner", [REGISTRANT, CLAIMANT]), ("editor", [CLAIMANT])],
)
def test_no_admin_url_shows_personal_data_to_other_roles(client, personal_data, role, hidden):
    owner, ids = personal_data
    user = owner if role == "owner" else member_of("redaktion", roles.EDITORS_GROUP)
    client.force_login(user)
    client.raise_request_exception = False  # a crashing Wagtail view shows nothing
    found = {}
    urls = admin_urls(ids)
    assert len(urls) > 250
    for url in urls:
        if "/bulk/" in url:
            url += f"?id={ids['registration']}&id={ids['claim']}"
        elif any(word in url for word in ("choose", "search", "results")):
            url += "?q=Rita"
        response = client.get(url)
        if response.streaming:
            text = b"".join(response.streaming_content).decode(errors="replace")
        else:
            text = response.content.decode(errors="replace")
        if leaked := leaks(text, hidden):
            found[url] = leaked
    assert found == {}


@pytest.mark.django_db
def test_managing_roles_keep_chooser_and_bulk_actions(client, personal_data):
    _owner, ids = personal_data
    client.force_login(member_of("koordination", roles.COORDINATION_GROUP))
    for url, name in (
        (
            f"/admin/bulk/directory/businessclaim/delete/?id={ids['claim']}",
            f"Inhaber-Anfrage #{ids['claim']}",
        ),
        (
            f"/admin/snippets/choose/directory/businessclaim/chosen/{ids['claim']}/",
            f"Inhaber-Anfrage #{ids['claim']}",
        ),
        (
            f"/admin/bulk/blog/registration/delete/?id={ids['registration']}",
            f"Anmeldung #{ids['registration']}",
        ),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert name in response.text, url
    response = client.post(f"/admin/bulk/blog/registration/delete/?id={ids['registration']}")
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=ids["registration"]).exists()


@pytest.mark.django_db
def test_bulk_action_refuses_without_naming(client, personal_data):
    owner, ids = personal_data
    client.force_login(owner)
    response = client.get(f"/admin/bulk/blog/registration/delete/?id={ids['registration']}")
    assert response.status_code == 302  # Wagtail's "permission denied": back to the dashboard
    assert response["Location"] == "/admin/"
    response = client.post(f"/admin/bulk/blog/registration/delete/?id={ids['registration']}")
    assert Registration.objects.filter(pk=ids["registration"]).exists()
