"""The admin asks no third party about its users: no Gravatar image (its URL
carries a hash of the user's email address) on any admin page."""

import hashlib

import pytest

from django.contrib.auth import get_user_model

from quartier.models import StandardPage


@pytest.fixture
def admin_users(home_page):
    user_model = get_user_model()
    admin = user_model.objects.create_superuser(
        "koordination", "koordination@quartier.example", "pw-koordination"
    )
    editor = user_model.objects.create_user(
        "redakteurin", "redakteurin@quartier.example", "pw-redaktion", is_staff=True
    )
    page = StandardPage(title="Über uns", slug="ueber-uns", introduction="Wer wir sind")
    home_page.add_child(instance=page)
    page.save_revision(user=editor).publish()
    page.save_revision(user=admin)
    return {"admin": admin, "editor": editor, "page": page}


@pytest.mark.django_db
def test_no_admin_page_loads_gravatar(client, admin_users):
    admin, editor, page = admin_users["admin"], admin_users["editor"], admin_users["page"]
    client.force_login(admin)
    hashes = [
        hashlib.md5(user.email.encode(), usedforsecurity=False).hexdigest()
        for user in (admin, editor)
    ]
    urls = [
        "/admin/",
        "/admin/account/",
        "/admin/users/",
        f"/admin/users/edit/{editor.pk}/",
        f"/admin/pages/{page.get_parent().pk}/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/history/",
        "/admin/reports/site-history/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.text.lower()
        assert "gravatar" not in html, url
        for email_hash in hashes:
            assert email_hash not in html, url
