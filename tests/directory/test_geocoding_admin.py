"""Saving and publishing through the real Wagtail edit view never fails because
of geocoding; the editor sees a warning; a dragged pin stays until the
address changes."""

import html
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from django.contrib.auth import get_user_model

from directory.models import BusinessPage

from .factories import BusinessPageFactory, DirectoryIndexPageFactory, DistrictFactory

pytestmark = pytest.mark.django_db

HOCHFELD = (51.4201, 6.7581)


class FormValues(HTMLParser):
    """The values a browser would submit from the page edit form."""

    def __init__(self):
        super().__init__()
        self.data = []
        self.select = None
        self.textarea = None
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


def edit(client, page, publish=False, **changes):
    url = f"/admin/pages/{page.pk}/edit/"
    parser = FormValues()
    parser.feed(client.get(url).text)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    if publish:
        data["action-publish"] = ["action-publish"]
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def business(home_page, settings):
    settings.GEOCODER = "none"
    directory = DirectoryIndexPageFactory(parent=home_page)
    page = BusinessPageFactory(
        parent=directory, title="Laden Eins", district=DistrictFactory(slug="hochfeld")
    )
    page.save_revision().publish()
    return page


def test_geocoder_error_never_blocks_saving_and_warns(client, editor, business, fake_geocoder):
    fake_geocoder.mode = "error"
    text = edit(client, business, publish=True, street="Heerstraße", latitude="", longitude="")
    assert fake_geocoder.requests  # the real Nominatim path was taken
    page = BusinessPage.objects.get(pk=business.pk)
    assert page.street == "Heerstraße"  # published despite the failure
    assert page.live and page.latitude is None
    assert page.geocode_status == BusinessPage.GeocodeStatus.PENDING
    assert "noch nicht auf der Karte" in text


def test_not_found_and_outside_warn_the_editor(client, editor, business, fake_geocoder):
    text = edit(client, business, street="Unbekannte Gasse")
    assert "wurde nicht gefunden" in text
    revision = BusinessPage.objects.get(pk=business.pk).get_latest_revision_as_object()
    assert revision.geocode_status == BusinessPage.GeocodeStatus.FAILED

    fake_geocoder.places["Berliner"] = (52.52, 13.405)
    text = edit(client, business, street="Berliner Platz")
    assert "außerhalb des Stadtteils" in text
    revision = BusinessPage.objects.get(pk=business.pk).get_latest_revision_as_object()
    assert revision.geocode_status == BusinessPage.GeocodeStatus.OUTSIDE
    assert revision.latitude is None


def test_dragged_pin_is_kept_until_the_address_changes(client, editor, business, fake_geocoder):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    fake_geocoder.places["Heerstraße"] = (51.4180, 6.7600)
    # what the panel's JavaScript submits after dragging the pin
    edit(client, business, publish=True, latitude="51.422222", longitude="6.755555")
    page = BusinessPage.objects.get(pk=business.pk)
    assert page.location_source == BusinessPage.LocationSource.MANUAL
    assert (page.latitude, page.longitude) == (Decimal("51.422222"), Decimal("6.755555"))

    text = edit(client, business, publish=True, tagline="Neu renoviert")
    page = BusinessPage.objects.get(pk=business.pk)
    assert page.latitude == Decimal("51.422222")  # not overwritten by geocoding
    assert fake_geocoder.requests == []
    assert "noch nicht auf der Karte" not in text

    edit(client, business, publish=True, street="Heerstraße")
    page = BusinessPage.objects.get(pk=business.pk)
    assert (page.latitude, page.longitude) == (Decimal("51.418000"), Decimal("6.760000"))
    assert page.location_source == BusinessPage.LocationSource.GEOCODED


def test_edit_view_shows_the_pin_panel(client, editor, business):
    text = client.get(f"/admin/pages/{business.pk}/edit/").text
    assert "data-location-editor" in text
    assert 'data-latitude-input="id_latitude"' in text
    assert "js/map-editor.js" in text and "leaflet/leaflet.js" in text
