"""Choosing businesses in the admin (a campaign's participants): a list of
checkboxes sorted by name, with a search box and district and category
filters. Without JavaScript it is the plain checkbox list."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from .models import BusinessPage, Category, District


class BusinessChooserWidget(forms.CheckboxSelectMultiple):
    template_name = "directory/widgets/business_chooser.html"

    class Media:
        js = ["js/business-chooser.js"]

    def get_context(self, name, value, attrs):
        # One query for every option's district and category (the filters read them).
        self._facts = {
            str(row["pk"]): row
            for row in BusinessPage.objects.values("pk", "district_id", "category_id")
        }
        context = super().get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        options.sort(key=lambda option: str(option["label"]).casefold())
        context["widget"]["options"] = options
        context["widget"]["selected_count"] = sum(1 for option in options if option["selected"])
        context["districts"] = [(d.pk, capfirst(d.name)) for d in District.objects.all()]
        context["categories"] = [(c.pk, c.name) for c in Category.objects.all()]
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        facts = getattr(self, "_facts", {}).get(str(value), {})
        option["district"] = facts.get("district_id") or ""
        option["category"] = facts.get("category_id") or ""
        return option

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine: the form renderer sees only app templates.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308
