"""What the programme's report needs to know about the past, recorded when it
happens (reports.signal_handlers), because the pages and positions only hold
their present: a business's state (online, paused, closed, offline, with its
district and "Zuletzt geprüft") from each change on, owners' own edits, and
each position's creation and filling, kept after the position is deleted.
Ids are plain numbers, not foreign keys: the history outlives what it is about."""

from django.db import models


class BusinessState(models.Model):
    """A business's state from `changed_at` until its next row (source-language
    tree): one row per change, none when a save changes nothing of it."""

    class State(models.TextChoices):
        ACTIVE = "active", "online"
        TEMPORARILY_CLOSED = "temporarily_closed", "vorübergehend geschlossen"
        CLOSED = "closed", "dauerhaft geschlossen"
        OFFLINE = "offline", "nicht veröffentlicht"

    business_id = models.IntegerField(db_index=True)
    district_id = models.IntegerField(null=True)
    state = models.CharField(max_length=20, choices=State.choices)
    last_checked = models.DateField(null=True)
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["business_id", "changed_at", "pk"]

    def __str__(self):
        return f"{self.business_id} {self.state} {self.changed_at:%Y-%m-%d}"


class ProfileEdit(models.Model):
    """A revision of a business profile saved by one of its owners (a member
    of the business's owner group at that moment)."""

    business_id = models.IntegerField(db_index=True)
    district_id = models.IntegerField(null=True)
    edited_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.business_id} {self.edited_at:%Y-%m-%d}"


class PositionRecord(models.Model):
    """A position (directory.BusinessJob of the source-language tree): when it
    was created and first marked filled; kept when the position is deleted."""

    job_id = models.IntegerField(primary_key=True)
    business_id = models.IntegerField()
    district_id = models.IntegerField(null=True)
    created_at = models.DateTimeField(db_index=True)
    filled_at = models.DateTimeField(null=True, db_index=True)

    def __str__(self):
        return f"job {self.job_id}"
