"""The words a person reads when a kit or a design content does not fit its kind's schema.

The kinds describe kits and contents with pydantic models; pydantic's own messages are English only
("Input should be less than or equal to 600"). Every place that turns a ``ValidationError`` into a message for a
person (the studio's content and kit checks, the kinds' file importers) goes through here, so the message is in
the reader's language and names the field at fault:

    >>> field_errors(error, "content")
    {"content.hops.0.time": ["doit être inférieur ou égal à 600"]}

Errors of pydantic's own types are put in words here, with their numbers (``ctx``); a validator's own
``ValueError`` or ``PydanticCustomError`` is the kind's sentence, written with ``gettext`` where it is raised, and
is passed through without pydantic's "Value error, " prefix.
"""

from __future__ import annotations

import re
import typing

from django.utils.formats import localize
from django.utils.translation import gettext as _
from pydantic import ValidationError
from pydantic_core.core_schema import ErrorType

MAX_ERRORS = 20  # field errors listed back at most

_PYDANTIC_TYPES = frozenset(typing.get_args(ErrorType))


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a float field's bound: "600", not "600.0"
    return str(localize(value))


def _messages() -> dict[str, str]:
    """Message per pydantic error type; %(name)s placeholders read the error's ``ctx`` (numbers localized)."""
    not_text = _("must be text")
    not_number = _("must be a number")
    not_integer = _("must be a whole number")
    not_list = _("must be a list")
    not_object = _("must be an object (named fields)")
    return {
        "missing": _("is required"),
        "extra_forbidden": _("is not a field of this schema"),
        "none_required": _("must be empty (null)"),
        "string_type": not_text,
        "string_sub_type": not_text,
        "string_unicode": _("must be valid Unicode text"),
        "string_too_short": _("must have at least %(min_length)s characters"),
        "string_too_long": _("must have at most %(max_length)s characters"),
        "string_pattern_mismatch": _("is not in the expected form"),
        "string_not_ascii": _("must use ASCII characters only"),
        "int_type": not_integer,
        "int_parsing": not_integer,
        "int_parsing_size": _("is too large a number"),
        "int_from_float": not_integer,
        "float_type": not_number,
        "float_parsing": not_number,
        "decimal_type": not_number,
        "decimal_parsing": not_number,
        "finite_number": _("must be a finite number"),
        "decimal_max_digits": _("must have at most %(max_digits)s digits"),
        "decimal_max_places": _("must have at most %(decimal_places)s decimal places"),
        "decimal_whole_digits": _("must have at most %(whole_digits)s digits before the decimal point"),
        "greater_than": _("must be greater than %(gt)s"),
        "greater_than_equal": _("must be greater than or equal to %(ge)s"),
        "less_than": _("must be less than %(lt)s"),
        "less_than_equal": _("must be less than or equal to %(le)s"),
        "multiple_of": _("must be a multiple of %(multiple_of)s"),
        "bool_type": _("must be true or false"),
        "bool_parsing": _("must be true or false"),
        "list_type": not_list,
        "tuple_type": not_list,
        "set_type": not_list,
        "iterable_type": not_list,
        "too_short": _("must have at least %(min_length)s items"),
        "too_long": _("must have at most %(max_length)s items"),
        "dict_type": not_object,
        "mapping_type": not_object,
        "model_type": not_object,
        "model_attributes_type": not_object,
        "dataclass_type": not_object,
        "literal_error": _("must be one of: %(expected)s"),
        "enum": _("must be one of: %(expected)s"),
        "union_tag_invalid": _("“%(tag)s” is not a known %(discriminator)s (expected: %(expected_tags)s)"),
        "union_tag_not_found": _("needs a %(discriminator)s"),
        "json_invalid": _("is not valid JSON"),
        "json_type": _("must be JSON text"),
        "recursion_loop": _("refers to itself"),
        "recursion_depth_exceeded": _("is nested too deeply"),
        "date_type": _("must be a date"),
        "date_parsing": _("must be a date (YYYY-MM-DD)"),
        "datetime_type": _("must be a date and time"),
        "datetime_parsing": _("must be a date and time (YYYY-MM-DDTHH:MM)"),
        "url_type": _("must be a web address"),
        "url_parsing": _("must be a web address"),
        "url_scheme": _("must be a web address starting with %(expected_schemes)s"),
        "url_too_long": _("is too long a web address (%(max_length)s characters at most)"),
        "uuid_type": _("must be a UUID"),
        "uuid_parsing": _("must be a UUID"),
    }


def error_message(item: dict) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in the active language."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        # a validator's own sentence (translated where it was raised); pydantic prefixes it with "Value error, "
        error = ctx.get("error")
        return str(error) if error is not None and str(error) else _("is not valid")
    if kind not in _PYDANTIC_TYPES:
        # a PydanticCustomError of the kind: its message is the kind's sentence
        return str(item.get("msg", "")) or _("is not valid")
    template = _messages().get(kind)
    if template is None:
        return _("is not valid")
    values = {key: _number(value) for key, value in ctx.items()}
    if kind in ("literal_error", "enum") and "expected" in values:
        # pydantic joins the values in English ("'boil', 'mash' or 'dry_hop'"): list them without the "or"
        found = re.findall(r"'([^']*)'", values["expected"])
        if found:
            values["expected"] = ", ".join(f"“{value}”" for value in found)
    try:
        return template % values
    except (KeyError, TypeError, ValueError):
        return _("is not valid")


def field_path(loc, prefix: str = "") -> str:
    """``("hops", 0, "time")`` with prefix "content" → "content.hops.0.time" (the path the API's errors use)."""
    parts = [prefix] if prefix else []
    parts.extend(str(part) for part in loc or ())
    return ".".join(parts)


def field_errors(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    """{field path: [messages]} for the first ``MAX_ERRORS`` errors, in the active language."""
    errors: dict[str, list[str]] = {}
    for item in error.errors()[:MAX_ERRORS]:
        errors.setdefault(field_path(item.get("loc", ()), prefix), []).append(error_message(item))
    return errors


def first_error(error: ValidationError, prefix: str = "") -> tuple[str, str]:
    """(field path, message) of the first error, for a one-line refusal ("hops.0.time: must be …")."""
    items = error.errors()
    if not items:
        return prefix, _("is not valid")
    return field_path(items[0].get("loc", ()), prefix), error_message(items[0])
