from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def org_is_seller(context, organization) -> bool:
    """Whether the signed-in member handles the organization's orders (a producer or owner, or site staff)."""
    from boucle.orders.services import is_seller

    request = context.get("request")
    return bool(request and is_seller(user=request.user, organization=organization))
