"""The models that hold personal data, one line each: which fields hold it and
which role groups may read it. tests/security/test_personal_data_rule.py
walks every admin view set, snippet and chooser Wagtail has registered and
fails when one of these models is reachable by another role, when a role
group holds a permission on it that is not listed here, or when its `str()`
(the label that choosers show and the audit log keeps for good) shows one of
these fields. A new model with personal data adds its line here."""

from dataclasses import dataclass

from . import roles


@dataclass(frozen=True)
class PersonalData:
    fields: tuple[str, ...]
    roles: tuple[str, ...]
    # Accounts are named throughout Wagtail's admin by design (page owners,
    # revisions, locks, comments); they go when the account is deleted.
    label_names_an_account: bool = False


REGISTRY = {
    "blog.registration": PersonalData(
        ("name", "email", "phone", "note"), (roles.COORDINATION_GROUP, roles.EDITORS_GROUP)
    ),
    "directory.businessclaim": PersonalData(
        ("name", "email", "phone", "message"), (roles.COORDINATION_GROUP,)
    ),
    "directory.businessownership": PersonalData(
        ("user",), (roles.COORDINATION_GROUP,), label_names_an_account=True
    ),
    "freshness.profilereport": PersonalData(("note",), (roles.COORDINATION_GROUP,)),
    "jobs.jobinterest": PersonalData(
        ("name", "email", "phone", "note", "coach_notes"),
        (roles.COORDINATION_GROUP, roles.JOB_COACHES_GROUP),
    ),
    "outreach.subscription": PersonalData(("email",), (roles.COORDINATION_GROUP,)),
    "users.user": PersonalData(
        ("first_name", "last_name", "email", "phone"),
        (roles.COORDINATION_GROUP,),
        label_names_an_account=True,
    ),
}


def object_label(instance):
    """A label for an object with personal data: its kind and number, which
    choosers, confirmations and the audit log may show and keep."""
    return f"{instance._meta.verbose_name} #{instance.pk}"


# Models with personal-looking fields that are public on purpose: what a
# business or the programme publishes as its contact.
PUBLIC_CONTACTS = {
    "directory.businesspage": "the business's published phone and address",
    "quartier.sitesettings": "the programme's published contact",
}
