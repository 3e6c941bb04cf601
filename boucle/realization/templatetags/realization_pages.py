"""Template tags of the realization pages: the block on a project page, prices with their currency."""

from django import template

from boucle.studio.templatetags.studio_pages import amount

register = template.Library()


@register.filter
def money(value, currency=""):
    """``Decimal("12.5"), "EUR"`` → ``12.50 EUR`` (``12,50 EUR`` in French)."""
    text = amount(value)
    if not text:
        return ""
    return f"{text}\u00a0{currency}" if currency else text


@register.inclusion_tag("realization/_project_block.html", takes_context=True)
def project_realizations(context, project):
    """The "Realizations" block of a project page: who produces it, its offers, and "Adopt" for producers."""
    from boucle.realization import selectors, services

    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    realizations = list(selectors.project_realizations(project=project))
    can_adopt = (
        project.status in services.ADOPTABLE
        and user is not None
        and user.is_authenticated
        and selectors.organizations_producing(user=user).exists()
    )
    return {"project": project, "realizations": realizations, "can_adopt": can_adopt, "request": request}
