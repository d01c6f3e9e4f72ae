from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from blog.models import CampaignPage
from directory.models import District
from quartier.forms import PublicFormMixin


class PrintMaterialsForm(forms.Form):
    """The coordination team's choice of printed material (admin)."""

    KINDS = [
        ("stickers", _("Fensteraufkleber (eine Seite je Geschäft)")),
        ("poster", _("Plakat einer Aktion")),
        ("guide", _("Stadtteilführer (Liste zum Ausdrucken)")),
    ]
    SIZES = [("", _("Standard (A6 / A4)")), ("A5", "A5"), ("A3", "A3")]

    kind = forms.ChoiceField(label=_("Was drucken?"), choices=KINDS)
    district = forms.ModelChoiceField(
        label=_("Stadtteil"), queryset=District.objects.all(), required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Gemeinsame Aktion"), queryset=CampaignPage.objects.none(), required=False
    )
    size = forms.ChoiceField(label=_("Format"), choices=SIZES, required=False)
    language = forms.ChoiceField(
        label=_("Sprache"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = CampaignPage.objects.filter(
            locale=Locale.get_default()
        ).order_by("-start_date", "title")

    def clean(self):
        cleaned = super().clean()
        kind, size = cleaned.get("kind"), cleaned.get("size")
        if kind == "poster" and not cleaned.get("campaign"):
            self.add_error("campaign", _("Für ein Plakat bitte eine Aktion wählen."))
        if kind == "guide" and not cleaned.get("district"):
            self.add_error("district", _("Für einen Stadtteilführer bitte einen Stadtteil wählen."))
        if size and (kind, size) not in {("stickers", "A5"), ("poster", "A3")}:
            self.add_error("size", _("Dieses Format gibt es dafür nicht."))
        return cleaned


class SubscriptionForm(PublicFormMixin, forms.Form):
    id_prefix = "newsletter"

    email = forms.EmailField(
        label=_("E-Mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(label=_("Sprache"), choices=settings.LANGUAGES)
    workshops = forms.BooleanField(label=_("Neue Workshops"), required=False, initial=True)
    campaigns = forms.BooleanField(
        label=_("Neue gemeinsame Aktionen"), required=False, initial=True
    )
    jobs = forms.BooleanField(label=_("Neue Stellen und Ausbildungsplätze"), required=False)
    news = forms.BooleanField(label=_("Neuigkeiten"), required=False)
    districts = forms.ModelMultipleChoiceField(
        label=_("Nur aus diesen Stadtteilen (freiwillig)"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nichts ausgewählt: aus allen Stadtteilen."),
    )
    TOPICS = ("workshops", "campaigns", "jobs", "news")

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(topic) for topic in self.TOPICS):
            self.add_error("workshops", _("Bitte wählen Sie mindestens ein Thema."))
        return cleaned
