from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.projects.enums import ProjectStatus
from boucle.search.selectors import KIND_LABELS


class SearchForm(forms.Form):
    """The search page's query string. Invalid filters are dropped, not errors: a shared link still works."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *KIND_LABELS.items()])
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All")), *ProjectStatus.choices])
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=50)
    organization = forms.SlugField(label=_("Organization"), required=False, max_length=120)
    page = forms.IntegerField(required=False, min_value=1)

    def params(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "stage": data.get("stage") or "",
            "tag": data.get("tag") or "",
            "organization": data.get("organization") or "",
            "page": data.get("page") or 1,
        }


class SimilarForm(forms.Form):
    title = forms.CharField(required=False, strip=True)
    pitch = forms.CharField(required=False, strip=True)
    exclude = forms.IntegerField(required=False, min_value=1)
