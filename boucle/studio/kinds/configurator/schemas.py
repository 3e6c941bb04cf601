"""The JSON shapes of the configurator kind: a technology's kit (``ConfiguratorKit``: a configurable product,
its option groups, choices and rules) and a design's content (``Configuration``: the chosen choice ids per
group).

Ids: group ids and choice ids share one namespace (both are element ids a comment can anchor to); rule ids
have their own. Numbers: prices have at most 2 decimals, attributes and weights at most 3 (the solver works
in whole cents and thousandths, docs/CONFIGURATOR.md).

The kit's validator refuses a rule set that admits no valid configuration at all (one CP-SAT solve), so the
studio's kit save shows that message and stores nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

ID = r"^[A-Za-z0-9_.-]{1,40}$"
ATTRIBUTE_KEY = r"^[a-z][a-z0-9_]{0,39}$"
# A layer image: a PNG under static/studio/configurator/ (no "..", no absolute path, no scheme).
LAYER_PATH = r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*){0,3}\.png$"

MAX_GROUPS = 200
MAX_CHOICES_PER_GROUP = 200
MAX_CHOICES = 2_000
MAX_RULES = 1_000
MAX_ATTRIBUTE = 1_000_000  # |value| of an attribute, a weight or a limit

Number = Annotated[float, Field(ge=-MAX_ATTRIBUTE, le=MAX_ATTRIBUTE, allow_inf_nan=False)]
Price = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2)]
Id = Annotated[str, Field(pattern=ID)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- the kit


class Layer(_Strict):
    image: str = Field(pattern=LAYER_PATH, description="PNG path under static/studio/configurator/")
    z: int = Field(default=0, ge=-1000, le=1000, description="drawn over the layers of lower z")


class AttributeDef(_Strict):
    key: str = Field(pattern=ATTRIBUTE_KEY, description="e.g. 'power_w'")
    label: str = Field(min_length=1, max_length=80, description="e.g. 'Motor power'")
    unit: str = Field(default="", max_length=12, description="e.g. 'W'")


class Derived(_Strict):
    """A metric computed from attribute totals: ``numerator / denominator`` (e.g. range = Wh / Wh per km)."""

    key: str = Field(pattern=ATTRIBUTE_KEY)
    label: str = Field(min_length=1, max_length=80)
    unit: str = Field(default="", max_length=12)
    numerator: str = Field(pattern=ATTRIBUTE_KEY)
    denominator: str = Field(pattern=ATTRIBUTE_KEY)


class Choice(_Strict):
    id: Id
    name: str = Field(min_length=1, max_length=120)
    price: Price = Decimal(0)
    weight: Number = Field(default=0, description="kg")
    stock: int | None = Field(default=None, ge=0, le=10**9)
    attributes: dict[str, Number] = Field(default_factory=dict, max_length=50)
    layer: Layer | None = None

    @field_validator("attributes")
    @classmethod
    def _keys(cls, value: dict[str, float]) -> dict[str, float]:
        import re

        for key in value:
            if not re.match(ATTRIBUTE_KEY, key):
                raise ValueError(
                    _("attribute “%(key)s”: lower-case letters, digits and _ only") % {"key": key[:40]}
                )
        return value


class Group(_Strict):
    id: Id
    name: str = Field(min_length=1, max_length=80)
    min: int = Field(default=1, ge=0, le=MAX_CHOICES_PER_GROUP, description="choices to pick at least")
    max: int = Field(default=1, ge=1, le=MAX_CHOICES_PER_GROUP, description="choices to pick at most")
    choices: list[Choice] = Field(min_length=1, max_length=MAX_CHOICES_PER_GROUP)

    @model_validator(mode="after")
    def _bounds(self) -> Group:
        if self.min > self.max:
            raise ValueError(
                _("group %(id)s: min (%(min)s) is more than max (%(max)s)")
                % {"id": self.id, "min": self.min, "max": self.max}
            )
        if self.min > len(self.choices):
            raise ValueError(
                _("group %(id)s: min (%(min)s) is more than its %(n)s choices")
                % {"id": self.id, "min": self.min, "n": len(self.choices)}
            )
        return self


class Product(_Strict):
    name: str = Field(min_length=1, max_length=120)
    base_price: Price = Decimal(0)
    base_weight: Number = Field(default=0, description="kg")
    attributes: dict[str, Number] = Field(default_factory=dict, max_length=50)
    layer: Layer | None = None


class _Rule(_Strict):
    id: Id
    note: str = Field(default="", max_length=200, description="the maker's reason, shown with the rule")


class Requires(_Rule):
    """``choice`` chosen ⇒ at least one of ``needs`` chosen."""

    type: Literal["requires"]
    choice: Id
    needs: list[Id] = Field(min_length=1, max_length=100)


class Excludes(_Rule):
    """At most one of ``choices``."""

    type: Literal["excludes"]
    choices: list[Id] = Field(min_length=2, max_length=100)


class Count(_Rule):
    """At most / at least ``count`` of a group's choices (or of ``choices``), when ``when`` is chosen (always
    when it is empty)."""

    type: Literal["at_most", "at_least"]
    group: Id | None = None
    choices: list[Id] = Field(default_factory=list, max_length=MAX_CHOICES_PER_GROUP)
    count: int = Field(ge=0, le=MAX_CHOICES_PER_GROUP)
    when: Id | None = None

    @model_validator(mode="after")
    def _target(self) -> Count:
        if bool(self.group) == bool(self.choices):
            raise ValueError(_("rule %(id)s: name either a group or a list of choices") % {"id": self.id})
        return self


class Limit(_Rule):
    """The total of ``attribute`` (``weight`` is the total weight, ``price`` the price) over the product and the
    chosen choices, compared with ``value`` or with the total of the attribute ``against``."""

    type: Literal["limit"]
    attribute: str = Field(pattern=ATTRIBUTE_KEY)
    op: Literal["<=", ">="] = "<="
    value: Number | None = None
    against: str | None = Field(default=None, pattern=ATTRIBUTE_KEY)

    @model_validator(mode="after")
    def _target(self) -> Limit:
        if (self.value is None) == (self.against is None):
            raise ValueError(
                _("rule %(id)s: compare with either a value or another attribute (against)") % {"id": self.id}
            )
        return self


Rule = Annotated[Requires | Excludes | Count | Limit, Field(discriminator="type")]


class Canvas(_Strict):
    width: int = Field(default=800, ge=16, le=4000)
    height: int = Field(default=500, ge=16, le=4000)


class ConfiguratorKit(_Strict):
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    product: Product
    canvas: Canvas = Field(default_factory=Canvas, description="the size of the layer images")
    attributes: list[AttributeDef] = Field(default_factory=list, max_length=50)
    derived: list[Derived] = Field(default_factory=list, max_length=20)
    groups: list[Group] = Field(min_length=1, max_length=MAX_GROUPS)
    rules: list[Rule] = Field(default_factory=list, max_length=MAX_RULES)

    @model_validator(mode="after")
    def _references_and_satisfiable(self) -> ConfiguratorKit:
        ids: set[str] = set()
        group_of: dict[str, str] = {}
        count = 0
        for group in self.groups:
            _add(ids, group.id)
            for choice in group.choices:
                _add(ids, choice.id)
                group_of[choice.id] = group.id
                count += 1
        if count > MAX_CHOICES:
            raise ValueError(_("%(count)s choices: %(max)s at most") % {"count": count, "max": MAX_CHOICES})
        known_attributes = {a.key for a in self.attributes} | {"weight", "price"}
        if len({a.key for a in self.attributes}) != len(self.attributes):
            raise ValueError(_("two attributes have the same key"))
        for d in self.derived:
            for key in (d.numerator, d.denominator):
                if key not in known_attributes:
                    raise ValueError(
                        _("derived %(id)s: there is no attribute “%(key)s”") % {"id": d.key, "key": key}
                    )
        rule_ids: set[str] = set()
        for rule in self.rules:
            if rule.id in rule_ids:
                raise ValueError(_("two rules have the id “%(id)s”") % {"id": rule.id})
            rule_ids.add(rule.id)
            for ref in _choice_refs(rule):
                if ref not in group_of:
                    raise ValueError(
                        _("rule %(id)s: there is no choice “%(ref)s” in the kit")
                        % {"id": rule.id, "ref": ref}
                    )
            if isinstance(rule, Count) and rule.group and rule.group not in {g.id for g in self.groups}:
                raise ValueError(
                    _("rule %(id)s: there is no group “%(ref)s” in the kit")
                    % {"id": rule.id, "ref": rule.group}
                )
            if isinstance(rule, Limit):
                for key in (rule.attribute, rule.against):
                    if key is not None and key not in known_attributes:
                        raise ValueError(
                            _("rule %(id)s: there is no attribute “%(key)s” in the kit")
                            % {"id": rule.id, "key": key}
                        )
        for group in self.groups:
            for choice in group.choices:
                for key in choice.attributes:
                    if key not in known_attributes:
                        raise ValueError(
                            _("choice %(id)s: there is no attribute “%(key)s” in the kit")
                            % {"id": choice.id, "key": key}
                        )
        for key in self.product.attributes:
            if key not in known_attributes:
                raise ValueError(_("product: there is no attribute “%(key)s” in the kit") % {"key": key})

        from . import solver

        if not solver.satisfiable(self.model_dump(mode="json")):
            # A custom error: the person reads the sentence alone, without pydantic's "Value error, " prefix.
            message = _(
                "These rules admit no valid configuration at all: no choice of options satisfies every "
                "group and every rule together. Loosen a rule or a group's minimum."
            )
            raise PydanticCustomError("no_valid_configuration", message)  # no context: no braces are read
        return self


def _add(ids: set[str], value: str) -> None:
    if value in ids:
        raise ValueError(
            _("two groups or choices have the id “%(id)s”; every one needs its own") % {"id": value}
        )
    ids.add(value)


def _choice_refs(rule) -> list[str]:
    if isinstance(rule, Requires):
        return [rule.choice, *rule.needs]
    if isinstance(rule, Excludes):
        return list(rule.choices)
    if isinstance(rule, Count):
        return [*rule.choices, *([rule.when] if rule.when else [])]
    return []


# --- the content


class Configuration(_Strict):
    """``{"selections": {group id: [choice id, ...]}}``; a group left out (or empty) has nothing chosen.
    Choice lists are kept sorted and groups without a choice dropped, so equal configurations hash alike."""

    selections: dict[Id, list[Id]] = Field(default_factory=dict, max_length=MAX_GROUPS)

    @field_validator("selections")
    @classmethod
    def _canonical(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        clean: dict[str, list[str]] = {}
        for group, chosen in value.items():
            if len(chosen) > MAX_CHOICES_PER_GROUP:
                raise ValueError(
                    _("group %(id)s: %(n)s choices, %(max)s at most")
                    % {"id": group, "n": len(chosen), "max": MAX_CHOICES_PER_GROUP}
                )
            if len(set(chosen)) != len(chosen):
                raise ValueError(_("group %(id)s: a choice is listed twice") % {"id": group})
            if chosen:
                clean[group] = sorted(chosen)
        return dict(sorted(clean.items()))
