import io

import pytest

from django.core.management import call_command

from directory.models import BusinessJob

from ..clock import berlin
from .test_position import assert_valid_job_posting, job_postings


@pytest.mark.django_db
def test_demo_positions_across_both_districts_and_idempotent(client, demo_content, clock_at):
    clock_at(berlin(2026, 11, 20, 10))  # the instant the shared demo content was loaded at
    published = BusinessJob.objects.published()
    assert published.filter(title__startswith="Ausbildung").count() >= 6
    assert published.count() >= 12
    assert set(published.values_list("page__district__slug", flat=True)) == {
        "hochfeld",
        "marxloh",
    }
    assert published.of_kind(BusinessJob.Kind.APPRENTICESHIP).count() >= 5
    marxloh_turkish = published.filter(
        kind=BusinessJob.Kind.APPRENTICESHIP, page__district__slug="marxloh", languages__code="tr"
    )
    assert marxloh_turkish.exists()

    count = BusinessJob.objects.count()
    call_command("load_demo_data", "--no-users", stdout=io.StringIO())
    assert BusinessJob.objects.count() == count

    board = client.get("/arbeit/")
    assert board.status_code == 200
    assert board.context["jobs"].paginator.count == published.count()
    for job in published:
        response = client.get(f"/arbeit/{job.pk}/")
        assert response.status_code == 200, job.title
        [data] = job_postings(response.text)
        assert_valid_job_posting(data)
