"""Workshop registrations: capacity, waitlist, cancellation and anonymisation.

Capacity is enforced in the database: every change locks the workshop's row
(`select_for_update`) inside a transaction before counting confirmed places,
so concurrent registrations are serialised and never overbook."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models.registrations import Registration

DUPLICATE_MESSAGE = _("Mit dieser E-Mail-Adresse gibt es schon eine Anmeldung für diesen Workshop.")


class RegistrationError(Exception):
    """A registration that cannot be accepted; `field` names the form field
    the message belongs to (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _lock(workshop_id):
    """The workshop, its row locked until the transaction ends; its dates
    are read fresh (the caller's copy may be stale). The page type is the one
    registrations belong to: WorkshopPage, which registers people through
    this module, so this module does not import it."""
    workshops = Registration._meta.get_field("workshop").related_model.objects
    return workshops.select_for_update(of=("self",)).prefetch_related("dates").get(pk=workshop_id)


def register(workshop, *, name, email="", phone="", places=1, note="", now=None):
    """Create a registration: confirmed while places are left, otherwise on
    the waitlist. Raises RegistrationError for anything not acceptable;
    nothing is saved then."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    if not email and not phone:
        raise RegistrationError(
            _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an.")
        )
    if places is None or places < 1:
        raise RegistrationError(_("Bitte melden Sie mindestens einen Platz an."), "places")
    try:
        with transaction.atomic():
            locked = _lock(workshop.pk)
            reason = locked.registration_closed_reason(now)
            if reason:
                raise RegistrationError(reason)
            if places > locked.capacity:
                raise RegistrationError(
                    _("So viele Plätze hat der Workshop nicht. Bitte melden Sie weniger an."),
                    "places",
                )
            if (
                email
                and Registration.objects.filter(workshop_id=workshop.pk, email=email)
                .exclude(status=Registration.Status.CANCELLED)
                .exists()
            ):
                raise RegistrationError(DUPLICATE_MESSAGE, "email")
            free = locked.capacity - locked.places_taken()
            status = (
                Registration.Status.CONFIRMED if places <= free else Registration.Status.WAITLISTED
            )
            return Registration.objects.create(
                workshop_id=workshop.pk,
                name=name.strip(),
                email=email,
                phone=phone,
                places=places,
                note=(note or "").strip(),
                status=status,
                consent_at=now,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
    except IntegrityError as exc:
        # The unique constraint caught a duplicate that raced past the check.
        raise RegistrationError(DUPLICATE_MESSAGE, "email") from exc


def cancel(registration, now=None):
    """Cancel a registration and move waitlisted people up into the freed
    places, in the order they registered. Returns the promoted registrations."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(registration.workshop_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return []
        was_confirmed = current.status == Registration.Status.CONFIRMED
        current.status = Registration.Status.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        registration.status, registration.cancelled_at = current.status, current.cancelled_at
        if not was_confirmed:
            return []
        return _promote_waitlist(locked)


def _promote_waitlist(locked_workshop):
    free = locked_workshop.capacity - locked_workshop.places_taken()
    promoted = []
    waiting = Registration.objects.filter(
        workshop_id=locked_workshop.pk, status=Registration.Status.WAITLISTED
    ).order_by("created_at", "pk")
    for candidate in waiting:
        if free <= 0:
            break
        if candidate.places <= free:
            candidate.status = Registration.Status.CONFIRMED
            candidate.save(update_fields=["status"])
            free -= candidate.places
            promoted.append(candidate)
    return promoted
