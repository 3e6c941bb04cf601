"""What the studio asks a kind about a content, and the JSON it stores and answers with.

- ``content_clean(kind, content)``: the content through the kind's pydantic schema, as canonical JSON data, or
  ``InvalidInput`` naming the fields at fault (and refusing contents over ``MAX_CONTENT_BYTES``).
- ``kit_clean(kind, content)``: the same for a kit.
- ``evaluate(kind, content, kit, live=True)``: validity, problems, bill of materials, metrics and totals, as
  JSON-ready dicts (``Decimal`` as strings). No database access: the editor's live check calls it on every
  change. ``live=False`` (a saved revision, a page) leaves out the problems meant for the live editor only.
- ``stored_problems(kind, problems)`` / ``stored_valid(kind, valid, problems)``: a stored revision's problems and
  validity as every read shows them, without the live-only problems older revisions still hold.
- ``content_hash(content)``: sha256 of the canonical JSON (sorted keys, no spaces).

A kind's code is not the studio's: an exception escaping a kind hook is logged and answered with a clear
``InvalidInput``, never a server error.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from pydantic import ValidationError

from boucle.core.errors import BoucleError, InvalidInput
from boucle.studio import schema_errors
from boucle.studio.kinds.base import BomLine, DesignKind, Metric, Problem

logger = logging.getLogger(__name__)

MAX_CONTENT_BYTES = 2 * 1024 * 1024  # of canonical JSON, for a design's content
MAX_KIT_BYTES = 2 * 1024 * 1024
MAX_ERRORS = schema_errors.MAX_ERRORS  # field errors listed back at most


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def content_hash(content) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _field_errors(error: ValidationError, prefix: str) -> dict[str, list[str]]:
    # in the reader's language, not pydantic's English (boucle/studio/schema_errors.py)
    return schema_errors.field_errors(error, prefix)


def _clean(schema, data, *, field_name: str, max_bytes: int, what: str) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput(_("The %(what)s must be a JSON object.") % {"what": what}, field=field_name)
    try:
        size = len(canonical_json(data).encode("utf-8"))
    except (TypeError, ValueError):
        raise InvalidInput(
            _("The %(what)s is not valid JSON (numbers must be finite).") % {"what": what}, field=field_name
        ) from None
    if size > max_bytes:
        raise InvalidInput(
            _("The %(what)s is too large: %(size)s KB of JSON, %(max)s KB at most.")
            % {"what": what, "size": size // 1024, "max": max_bytes // 1024},
            field=field_name,
        )
    try:
        model = schema.model_validate(data)
    except ValidationError as error:
        errors = _field_errors(error, field_name)
        first_field, first = next(iter(errors.items()))
        raise InvalidInput(
            _("The %(what)s does not fit its schema: %(field)s: %(message)s")
            % {"what": what, "field": first_field, "message": first[0]},
            errors=errors,
        ) from None
    return model.model_dump(mode="json")


def content_clean(kind: DesignKind, content) -> dict:
    """The design content as the kind's schema reads it (canonical data), or InvalidInput."""
    return _clean(
        kind.content_schema,
        content,
        field_name="content",
        max_bytes=MAX_CONTENT_BYTES,
        what=_("design content"),
    )


def kit_clean(kind: DesignKind, content) -> dict:
    return _clean(kind.kit_schema, content, field_name="content", max_bytes=MAX_KIT_BYTES, what=_("kit"))


def kind_call(kind: DesignKind, hook: str, *args, **kwargs):
    """Call a kind's hook; a failure inside the kind becomes an InvalidInput with a message for the person."""
    try:
        return getattr(kind, hook)(*args, **kwargs)
    except BoucleError:
        raise
    except NotImplementedError:
        raise InvalidInput(
            _("The design kind “%(kind)s” does not offer this.") % {"kind": kind.label}
        ) from None
    except Exception:
        logger.exception("Design kind %r failed in %s()", kind.name, hook)
        raise InvalidInput(
            _("The design kind “%(kind)s” could not process this design.") % {"kind": kind.label}
        ) from None


# ---------------------------------------------------------------------------------------------- JSON forms


def _decimal(value) -> str | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return str(number) if number.is_finite() else None


def problem_json(problem: Problem) -> dict:
    return {
        "code": str(problem.code),
        "message": str(problem.message),
        "elements": [str(e) for e in problem.elements],
        "severity": problem.severity,
    }


def bom_line_json(line: BomLine) -> dict:
    return {
        "key": str(line.key),
        "part": str(line.part),
        "name": str(line.name),
        "variant": str(line.variant),
        "quantity": _decimal(line.quantity) or "0",
        "unit": str(line.unit),
        "unit_price": _decimal(line.unit_price),
        "total_price": _decimal(line.total_price),
        "stock": _decimal(line.stock),
        "in_kit": bool(line.in_kit),
        "available": bool(line.available),
    }


def metric_json(metric: Metric) -> dict:
    value = metric.value
    if isinstance(value, bool) or value is None:
        value = None
    elif isinstance(value, int):
        pass
    else:
        value = _decimal(value)
    return {
        "key": str(metric.key),
        "label": str(metric.label),
        "value": value,
        "unit": str(metric.unit),
        "sortable": bool(metric.sortable),
    }


@dataclass
class Evaluation:
    valid: bool
    problems: list[dict] = field(default_factory=list)
    bom: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "problems": self.problems,
            "bom": self.bom,
            "metrics": self.metrics,
            "totals": self.totals,
        }


def bom_totals(bom: list[dict]) -> dict:
    """{"price": sum of the priced lines (None if no line has a price), "quantity": sum of quantities,
    "complete": every line is in the kit and priced}."""
    price, quantity, priced, complete = Decimal(0), Decimal(0), False, True
    for line in bom:
        quantity += Decimal(line["quantity"])
        if line["total_price"] is not None:
            price += Decimal(line["total_price"])
            priced = True
        if line["total_price"] is None or not line["in_kit"]:
            complete = False
    return {"price": str(price) if priced else None, "quantity": str(quantity), "complete": complete}


def evaluate(kind: DesignKind, content: dict, kit: dict, *, live: bool = True) -> Evaluation:
    """Ask the kind about a (clean) content against a kit. A design is valid when it has no error (warnings are
    fine). ``live=False``: what a revision stores and a page shows, without the problems marked ``live`` (hints
    for the editor, such as the configurator's choices ruled out by the others)."""
    problems = [
        problem_json(p)
        for p in kind_call(kind, "validate", content, kit)
        if live or not getattr(p, "live", False)
    ]
    bom = [bom_line_json(line) for line in kind_call(kind, "bill_of_materials", content, kit)]
    metrics = [metric_json(m) for m in kind_call(kind, "metrics", content, kit)]
    return Evaluation(
        valid=not any(p["severity"] == "error" for p in problems),
        problems=problems,
        bom=bom,
        metrics=metrics,
        totals=bom_totals(bom),
    )


def stored_problems(kind: DesignKind | None, problems: list[dict]) -> list[dict]:
    """A stored revision's problems as every read shows them (API, pages, exports): without the live-only ones.
    Revisions saved before a problem code became live-only (the configurator's "unreachable" choices) still
    hold them; revisions are immutable, so the reads leave them out by the kind's ``live_problem_codes``.
    An unknown kind (None) leaves the problems as they are."""
    codes = getattr(kind, "live_problem_codes", None) or frozenset()
    problems = list(problems or [])
    if not codes:
        return problems
    return [p for p in problems if not (isinstance(p, dict) and p.get("code") in codes)]


def stored_valid(kind: DesignKind | None, valid: bool, problems: list[dict]) -> bool:
    """A stored revision's validity as the reads show it, consistent with ``stored_problems``: when live-only
    problems were left out, valid means no error among the others (as ``evaluate`` decides it)."""
    if valid:  # leaving problems out never adds an error
        return True
    kept = stored_problems(kind, problems)
    if len(kept) == len(problems or []):
        return False
    return not any(p.get("severity") == "error" for p in kept if isinstance(p, dict))


def element_ids(kind: DesignKind, content: dict, bom: list[dict] | None = None) -> dict[str, str]:
    """Every element a comment may point at: the kind's elements and the BOM lines, {id: label}."""
    found = dict(kind_call(kind, "elements", content))
    for line in bom or []:
        label = f"{line['name']} {line['variant']}".strip()
        found.setdefault(line["key"], label)
    return found
