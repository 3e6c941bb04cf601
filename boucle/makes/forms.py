from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.makes.models import RATING_MAX, RATING_MIN
from boucle.makes.services import MAX_CAPTION_LENGTH, MAX_NOTE_LENGTH, MAX_PHOTOS

RATING_CHOICES = [(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files from one input; each is checked by the service (``core.images``), with one message."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(PhotosField, self).clean(f, initial) for f in files]


class MakeForm(forms.Form):
    caption_fields = ()  # (photo, field name) of the photos already stored: MakeEditForm
    # The range is checked by the service: one message for the page and the API.
    rating = forms.IntegerField(
        label=_("Your rating"),
        required=False,
        widget=forms.RadioSelect(choices=RATING_CHOICES),
        help_text=_("From 1 (disappointing) to 5 (excellent)."),
    )
    revision = forms.ChoiceField(label=_("What you built"), required=False)
    order_line = forms.ChoiceField(
        label=_("Your order"),
        required=False,
        help_text=_("If you bought it here: once the order is paid, your make shows “verified buyer”."),
    )
    photos = PhotosField(
        label=_("Photos"),
        help_text=_("Up to %(n)d photos: JPEG, PNG, GIF or WebP.") % {"n": MAX_PHOTOS},
    )
    note = forms.CharField(
        label=_("Your note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_NOTE_LENGTH}),
        help_text=_("Markdown. How it went, what you changed, tips for the next maker."),
    )

    @property
    def photo_captions(self):
        """(photo, its caption's bound field) for the page."""
        return [(photo, self[name]) for photo, name in self.caption_fields]

    def captions(self) -> dict:
        """{photo id: caption} from the cleaned data."""
        return {photo.pk: self.cleaned_data.get(name, "") for photo, name in self.caption_fields}

    def __init__(self, *args, revisions=(), order_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        if order_lines:
            self.fields["order_line"].choices = [("", _("Not bought here"))] + [
                (
                    str(line.pk),
                    _("%(title)s, order %(ref)s")
                    % {"title": line.title, "ref": getattr(line.order, "reference", line.order_id)},
                )
                for line in order_lines
            ]
        else:
            del self.fields["order_line"]
        self.fields["revision"].choices = [("", _("Not said"))] + [
            (str(r.pk), _("%(design)s, revision %(n)s") % {"design": r.design.title, "n": r.number})
            for r in revisions
        ]


class MakeEditForm(MakeForm):
    remove_photos = forms.MultipleChoiceField(
        label=_("Remove photos"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].label = _("Add photos")
        self.fields["remove_photos"].choices = [
            (str(p.pk), p.caption or _("Photo %(n)d") % {"n": i}) for i, p in enumerate(photos, start=1)
        ]
        # One caption per photo, shown under it and read as its description (the image's alt text).
        self.caption_fields = []
        for i, photo in enumerate(photos, start=1):
            name = f"caption_{photo.pk}"
            self.fields[name] = forms.CharField(
                label=_("Caption of photo %(n)d") % {"n": i},
                required=False,
                initial=photo.caption,
                widget=forms.TextInput(attrs={"maxlength": MAX_CAPTION_LENGTH}),
            )
            self.caption_fields.append((photo, name))


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", _("Hide")), ("restore", _("Restore"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
