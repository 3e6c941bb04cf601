from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.core.widgets import FastSelect
from boucle.projects.enums import Licence, ProjectStatus, TeamRole

LICENCE_HELP = {
    Licence.CC0: _("No rights reserved: anyone may use it for anything, without even crediting you."),
    Licence.BY: _("Anyone may use and adapt it, even commercially, as long as they credit you."),
    Licence.BY_SA: _("Anyone may use and adapt it, even commercially, crediting you and sharing alike."),
    Licence.BY_NC: _("Anyone may use and adapt it, not commercially, crediting you."),
    Licence.BY_NC_SA: _("Anyone may adapt it, not commercially, crediting you and sharing alike."),
    Licence.BY_ND: _("Anyone may share it unchanged, crediting you; no adaptations, so no forks."),
}

SORT_CHOICES = [
    ("hot", _("Hot")),
    ("new", _("New")),
    ("supported", _("Most supported")),
    ("ending", _("Ending soon")),
]


def licence_choices():
    return [(value, f"{label} — {LICENCE_HELP[value]}") for value, label in Licence.choices]


class ProjectEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    pitch = forms.CharField(
        label=_("Pitch"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences: what it is and why it matters."),
    )
    body = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists, links, images."),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=licence_choices,
        widget=forms.RadioSelect,
        initial=Licence.BY_SA,
        help_text=_("A Creative Commons licence says what others may do with your idea."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Comma-separated, up to ten."),
    )
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class ProjectCreateForm(ProjectEditForm):
    technology = forms.ModelChoiceField(
        label=_("Technology"), queryset=None, empty_label=_("Choose a technology")
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=None,
        required=False,
        empty_label=_("No challenge"),
        help_text=_("Optional: answer one of the technology's challenges."),
    )
    field_order = ["title", "pitch", "technology", "challenge", "body", "licence", "tags", "cover"]

    def __init__(self, *args, **kwargs):
        from boucle.catalog.models import Technology, TechnologyStatus
        from boucle.challenges.models import Challenge

        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = Technology.objects.filter(
            status=TechnologyStatus.PUBLISHED
        ).select_related("organization")
        self.fields["challenge"].queryset = Challenge.objects.filter(is_published=True).select_related(
            "technology"
        )


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why archive it?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the project's timeline."),
    )


class TeamAddForm(forms.Form):
    username = forms.CharField(label=_("Member's username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices, initial=TeamRole.COAUTHOR)


class ProjectFilterForm(forms.Form):
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=FastSelect)
    tag = forms.SlugField(label=_("Tag"), required=False)
    technology = forms.ModelChoiceField(
        label=_("Technology"), queryset=None, required=False, to_field_name="slug", empty_label=_("All"),
        widget=FastSelect,
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"), queryset=None, required=False, to_field_name="slug", empty_label=_("All"),
        widget=FastSelect,
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        widget=FastSelect,
        choices=[("", _("All"))] + [c for c in ProjectStatus.choices if c[0] != ProjectStatus.DRAFT],
    )

    def __init__(self, *args, **kwargs):
        from boucle.catalog.models import Technology, TechnologyStatus
        from boucle.challenges.models import Challenge

        super().__init__(*args, **kwargs)
        self.fields["technology"].queryset = Technology.objects.exclude(status=TechnologyStatus.DRAFT)
        self.fields["challenge"].queryset = Challenge.objects.filter(is_published=True)

    def filters(self) -> dict:
        """The valid filters as slugs (an invalid value is dropped, not an error: lists stay browsable)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "sort": data.get("sort") or "hot",
            "tag": data.get("tag") or "",
            "technology": data["technology"].slug if data.get("technology") else "",
            "challenge": data["challenge"].slug if data.get("challenge") else "",
            "stage": data.get("stage") or "",
        }


class SecondChanceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to ten expired or declined projects of your technologies."),
    )

    def __init__(self, *args, organization, **kwargs):
        from boucle.projects.selectors import second_chance_candidates_for

        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = second_chance_candidates_for(organization=organization)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Project to merge into"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "merge-candidates", "autocomplete": "off"}),
        help_text=_("Choose a project above, or type its address (the last part of its link)."),
    )
    reason = forms.CharField(
        label=_("Why are they the same idea?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the duplicate's timeline and to the other team."),
    )
