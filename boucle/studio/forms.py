"""Forms of the studio's HTML pages. They read and shape input; the services check the rules and permissions."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.core.widgets import FastSelect
from boucle.projects.enums import Licence
from boucle.studio.evaluation import MAX_CONTENT_BYTES, MAX_KIT_BYTES

MAX_TITLE = 140
MAX_MESSAGE = 500


def _choices_with_all(choices):
    return [("", _("All")), *choices]


class GalleryFilterForm(forms.Form):
    """The gallery's filters. An invalid value is dropped (the list stays browsable), never an error page."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect)
    technology = forms.ChoiceField(label=_("Technology"), required=False, widget=FastSelect)
    licence = forms.ChoiceField(
        label=_("Licence"), required=False, widget=FastSelect, choices=_choices_with_all(Licence.choices)
    )
    metric = forms.ChoiceField(label=_("Metric"), required=False, widget=FastSelect)
    min = forms.DecimalField(
        label=_("at least"),
        required=False,
        max_digits=30,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    max = forms.DecimalField(
        label=_("at most"),
        required=False,
        max_digits=30,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=FastSelect)

    def __init__(self, *args, kinds, technologies, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices_with_all(kinds)
        self.fields["technology"].choices = _choices_with_all(technologies)
        self.fields["metric"].choices = [("", _("Any"))] + list(metrics)
        sorts = [("new", _("Newest")), ("updated", _("Recently updated")), ("forks", _("Most forked"))]
        for key, label in metrics:
            sorts.append((f"{key}:asc", _("%(metric)s, lowest first") % {"metric": label}))
            sorts.append((f"{key}:desc", _("%(metric)s, highest first") % {"metric": label}))
        self.fields["sort"].choices = sorts

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``pages.gallery`` (invalid ones dropped)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items()}
        sort, sort_metric, order = data.get("sort") or "new", "", "desc"
        if ":" in sort:
            sort_metric, order = sort.split(":", 1)
            sort = "metric"
        return {
            "kind": data.get("kind") or "",
            "technology": data.get("technology") or "",
            "licence": data.get("licence") or "",
            "range_metric": data.get("metric") or "",
            "min_value": data.get("min"),
            "max_value": data.get("max"),
            "sort": sort,
            "sort_metric": sort_metric,
            "order": order,
        }


class JsonField(forms.CharField):
    """A JSON object typed in a textarea: parse errors name the line and column."""

    def __init__(self, *args, max_bytes: int, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"})
        )
        super().__init__(*args, strip=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        if (
            len(value.encode("utf-8")) > self.max_bytes * 2
        ):  # indentation counts too; the schema checks the rest
            raise forms.ValidationError(
                _("This is too large: %(max)s KB of JSON at most.") % {"max": self.max_bytes // 1024}
            )
        try:
            data = json.loads(value, parse_constant=_refuse_constant)
        except ValueError as error:
            line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
            if line is not None:
                raise forms.ValidationError(
                    _("This is not valid JSON (line %(line)s, column %(column)s): %(error)s")
                    % {"line": line, "column": column, "error": getattr(error, "msg", str(error))}
                ) from None
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s") % {"error": str(error)}
            ) from None
        except RecursionError:
            raise forms.ValidationError(_("This JSON is nested too deeply.")) from None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Write a JSON object: { … }."))
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


class RenameForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)


class RevisionForm(forms.Form):
    """The fallback editor: the content as JSON, the revision it starts from, a message."""

    content = JsonField(label=_("Content (JSON)"), max_bytes=MAX_CONTENT_BYTES)
    parent = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label=_("What changed?"),
        max_length=MAX_MESSAGE,
        required=False,
        help_text=_("A short message for the history."),
    )


class SuggestionForm(RevisionForm):
    message = forms.CharField(
        label=_("What do you suggest?"),
        max_length=MAX_MESSAGE,
        help_text=_("The team reads it before merging or declining your suggestion."),
    )


class DesignCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    file = forms.FileField(
        label=_("Start from a file (optional)"),
        required=False,
    )
    format = forms.ChoiceField(label=_("File format"), required=False, widget=FastSelect)

    def __init__(self, *args, importers=(), **kwargs):
        super().__init__(*args, **kwargs)
        importers = list(importers)
        self.fields["format"].choices = [(f.name, str(f.label)) for f in importers]
        if importers:
            extensions = ",".join(e for f in importers for e in f.extensions)
            self.fields["file"].widget.attrs["accept"] = extensions
            self.fields["file"].help_text = _("Formats: %(formats)s.") % {
                "formats": ", ".join(str(f.label) for f in importers)
            }
        else:
            del self.fields["file"]
            del self.fields["format"]


class ForkForm(forms.Form):
    project = forms.ChoiceField(label=_("Fork into your project"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title of the fork"), max_length=MAX_TITLE, required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(t.project.slug, t.project.title) for t in targets]


class CommentForm(forms.Form):
    element = forms.CharField(label=_("On the element"), max_length=200)
    body = forms.CharField(
        label=_("Your comment"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why decline it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Its author reads this."),
    )


class KitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Design kind"), widget=FastSelect)
    version = forms.ChoiceField(label=_("For the version"), required=False, widget=FastSelect)
    content = JsonField(label=_("Kit (JSON)"), max_bytes=MAX_KIT_BYTES)

    def __init__(self, *args, kinds=(), versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["version"].choices = [("", _("No particular version"))] + list(versions)
