"""Domain errors raised by services and rendered once: as a message in HTML views, as JSON in the API.

Services raise these instead of returning flags, so a view stays one call followed by a response
(see STYLE.md, section 5). Every message is meant for the person who made the request.
"""


class BoucleError(Exception):
    """Base class: a request that cannot be carried out, with a message for its author."""

    status_code = 400

    def __init__(self, message, *, field: str | None = None, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.errors = errors or ({field: [str(message)]} if field else {})


class InvalidInput(BoucleError):
    """The input does not meet the rules (a missing reason, a bad date, too long a title)."""

    status_code = 400


class NotAllowed(BoucleError):
    """The actor lacks the role this action requires."""

    status_code = 403


class NotFound(BoucleError):
    status_code = 404


class Conflict(BoucleError):
    """The action is valid in general but not in the object's current state (already supported...)."""

    status_code = 409
