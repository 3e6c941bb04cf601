"""Small helpers shared by HTML views."""

from django.contrib import messages

from boucle.core.errors import BoucleError


def form_error(form, error: BoucleError):
    """Put a domain error on a form (on its field when the error names one) so the page shows it."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.message))
    else:
        form.add_error(None, str(error.message))
    return form


def flash_error(request, error: BoucleError):
    messages.error(request, str(error.message))
