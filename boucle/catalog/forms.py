from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.catalog.models import TechnologyStatus

LADDER_HELP = _("Tiers as supporters/days, e.g. “100/60, 1000/365”. Leave blank to follow the organization's ladder.")


class TechnologyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    summary = forms.CharField(label=_("Summary"), max_length=280, required=False,
                              help_text=_("One or two sentences shown in lists."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                                  help_text=_("Markdown."))
    support_ladder = forms.CharField(label=_("Support ladder"), required=False, help_text=LADDER_HELP)


class TechnologyCreateForm(TechnologyForm):
    status = forms.ChoiceField(label=_("Status"), choices=TechnologyStatus.choices, initial=TechnologyStatus.DRAFT)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TechnologyStatus.choices)


class VersionForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=40, help_text=_("e.g. 2.1"))
    released_at = forms.DateTimeField(
        label=_("Release date"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave blank for now."),
    )
    changelog = forms.CharField(label=_("Changelog"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("Markdown."))


class ImageForm(forms.Form):
    image = forms.ImageField(label=_("Image"), help_text=_("JPEG, PNG, GIF or WebP."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class VersionPublishForm(VersionForm):
    """A new version with the projects and makes that inspired it (checkboxes, filled by the view)."""

    projects = forms.MultipleChoiceField(
        label=_("Projects that inspired it"), required=False, widget=forms.CheckboxSelectMultiple
    )
    makes = forms.MultipleChoiceField(label=_("Makes that inspired it"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, projects=(), makes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(p.slug, f"{p.title} ({p.technology.name})") for p in projects]
        self.fields["makes"].choices = [
            (
                str(m.pk),
                _("%(project)s, made by %(name)s (%(rating)s/5)")
                % {"project": m.project.title, "name": m.author.name, "rating": m.rating},
            )
            for m in makes
        ]
