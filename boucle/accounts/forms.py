from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.accounts import services


class ProfileForm(forms.Form):
    """The profile page's form. It only reads text: the rules live in services.profile_update."""

    display_name = forms.CharField(
        label=_("Display name"),
        required=False,
        max_length=services.DISPLAY_NAME_MAX,
        help_text=_("Shown instead of your username. Leave empty to use your username."),
    )
    bio = forms.CharField(
        label=_("Bio"),
        required=False,
        max_length=services.BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. %(max)d characters at most.") % {"max": services.BIO_MAX},
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=services.SKILLS_MAX * (services.SKILL_MAX_CHARS + 2),
        help_text=_("Separated by commas, e.g. “brick design, brewing, 3D printing”. %(max)d at most.")
        % {"max": services.SKILLS_MAX},
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.LINKS_MAX * (services.LINK_MAX_CHARS + 2),
        help_text=_("One web address per line (http:// or https://). %(max)d at most.")
        % {"max": services.LINKS_MAX},
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text=_("A JPEG, PNG, GIF or WebP image."),
    )
    avatar_remove = forms.BooleanField(label=_("Remove my avatar"), required=False)

    @classmethod
    def for_user(cls, user, *args, **kwargs):
        initial = {
            "display_name": user.display_name,
            "bio": user.bio,
            "skills": ", ".join(user.skills or []),
            "links": "\n".join(user.links or []),
        }
        return cls(*args, initial=initial, **kwargs)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=services.TOKEN_NAME_MAX,
        help_text=_("What will use it, e.g. “my laptop script”."),
    )
