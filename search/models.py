"""The database backend's folded text table: one row per searchable page with
its text folded ("Kuaför" → "kuafor"), so plain substring matching finds
umlaut-free spellings, Turkish letters typed as ASCII and parts of compounds
on SQLite and PostgreSQL alike. Kept up to date by search.signals and rebuilt
by `rebuild_search_index`; visibility is always checked on the page itself."""

from django.db import models


class SearchText(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    kind = models.CharField(max_length=20, db_index=True)
    # Each field is " word word … " (folded, single spaces, padded) so short
    # terms can be matched as whole words with " term ".
    title = models.TextField(blank=True)
    vocabulary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search text"

    def __str__(self):
        return f"{self.kind} {self.page_id}"


class PositionText(models.Model):
    """The folded text of an open position (directory.BusinessJob of the
    source-language tree), a search result of its own; same layout as
    SearchText. Whether the position is still open is checked when the
    search runs, never here."""

    job = models.OneToOneField(
        "directory.BusinessJob",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
    )
    title = models.TextField(blank=True)
    vocabulary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "position search text"

    def __str__(self):
        return f"job {self.job_id}"
