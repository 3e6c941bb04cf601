"""{% conversations_for target %}: the "Conversations" section of a challenge, technology or project page."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("opinions/_conversations.html", takes_context=True)
def conversations_for(context, target):
    from boucle.opinions.selectors import conversations_of
    from boucle.opinions.services import _target_kwargs, can_open_conversation

    request = context.get("request")
    user = getattr(request, "user", None)
    target_type = next(iter(_target_kwargs(target)))
    now = timezone.now()
    conversations = list(conversations_of(target=target)[:20])
    for conversation in conversations:
        conversation.closed = not conversation.is_open(now)
    return {
        "request": request,
        "target": target,
        "target_type": target_type,
        "conversations": conversations,
        "can_open": can_open_conversation(user=user, target=target),
    }
