from django import template
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from boucle.core.images import thumbnail_url
from boucle.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown to sanitized HTML: {{ project.body|markdown }}."""
    from django.urls import reverse

    from boucle.accounts.models import User

    def mention_url(username):
        # Only mentions of existing members become links; the lookup is one query per distinct name.
        return reverse("member_detail", args=[username]) if User.objects.filter(username=username).exists() else None

    return mark_safe(render_markdown(text or "", mention_url=mention_url))  # sanitized by nh3


@register.filter
def thumbnail(path, size="small"):
    """URL of an uploaded image's thumbnail: {{ project.cover|thumbnail:"large" }}."""
    return thumbnail_url(path, size) if path else ""


@register.filter
def media_url(path):
    return default_storage.url(path) if path else ""
