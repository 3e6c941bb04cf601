from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.community.models import ReactionKind
from boucle.community.selectors import TARGET_MODELS
from boucle.community.services import MAX_BODY_LENGTH


class CommentBodyField(forms.CharField):
    """The comment's Markdown text. Length and emptiness are checked by the service, with one message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your comment"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 4, "maxlength": MAX_BODY_LENGTH, "required": True})
        )
        kwargs.setdefault("help_text", _("Markdown. Write @username to mention a member."))
        super().__init__(**kwargs)


class CommentForm(forms.Form):
    target_type = forms.ChoiceField(choices=[(k, k) for k in TARGET_MODELS], widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    body = CommentBodyField()


class CommentEditForm(forms.Form):
    body = CommentBodyField(label=_("Edit your comment"))


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class HelpfulForm(forms.Form):
    action = forms.ChoiceField(choices=[("mark", "mark"), ("unmark", "unmark")])
