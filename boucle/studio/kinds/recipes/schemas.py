"""The JSON shapes of the recipe kind: a technology's ingredient kit (``RecipeKit``) and a recipe (``Recipe``).

Units are metric and stored as numbers: litres (batch and boil sizes), kilograms (fermentables), grams
(hops), packs (yeasts), the misc's own unit (``g``, ``ml`` or ``pcs``), minutes (boil, mash steps, hop
times; a dry hop's time is in days, as brewers count it), °C (temperatures), days (fermentation steps),
percent (efficiency, yield, alpha acids, attenuation, max in batch), °Lovibond (malt colour, as BeerXML).

Limits here refuse what cannot be a recipe at all (negative amounts, a 0 % efficiency, a 100,000 L batch,
NaN); ``validate`` warns about what is possible but implausible (a 10,000 L home batch, a 500-minute boil
addition). Ingredients of a recipe name the kit's ids; a recipe item may carry its own values (``extract``,
``color``, ``alpha``, ``attenuation``...) as BeerXML files do — the lot the brewer actually used — and those
win over the kit's values in the metrics.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

ELEMENT_ID = r"^[A-Za-z0-9_.:-]{1,40}$"
KIT_ID = r"^[A-Za-z0-9_.:-]{1,60}$"

MAX_ITEMS = 100  # of each list in a recipe

FERMENTABLE_TYPES = ("grain", "sugar", "extract", "dry_extract", "adjunct")
HOP_FORMS = ("pellet", "leaf", "plug")
HOP_USES = ("mash", "first_wort", "boil", "aroma", "dry_hop")
YEAST_TYPES = ("ale", "lager", "wheat", "wine", "champagne")
YEAST_FORMS = ("liquid", "dry", "slant", "culture")
FLOCCULATIONS = ("low", "medium", "high", "very_high")
MISC_TYPES = ("spice", "fining", "water_agent", "herb", "flavor", "other")
MISC_USES = ("mash", "boil", "primary", "secondary", "bottling")
MISC_UNITS = ("g", "ml", "pcs")
IBU_METHODS = ("tinseth", "rager")


def _num(lo, hi, **kw):
    return Annotated[float, Field(ge=lo, le=hi, allow_inf_nan=False, **kw)]


Percent = _num(0, 100)
Temp = _num(-10, 110)
Price = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]
Stock = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=4)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- the kit


class _KitItem(_Strict):
    id: str = Field(pattern=KIT_ID)
    name: str = Field(min_length=1, max_length=120)
    price: Price | None = Field(default=None, description="per unit: kg, g, pack or the misc's unit")
    stock: Stock | None = None
    notes: str = Field(default="", max_length=2000)


class KitFermentable(_KitItem):
    type: Literal[FERMENTABLE_TYPES] = "grain"  # type: ignore[valid-type]
    extract: float = Field(
        ge=0, le=100, allow_inf_nan=False, description="extract %, dry basis fine grind (BeerXML YIELD)"
    )
    color: float = Field(ge=0, le=1000, allow_inf_nan=False, description="°Lovibond")
    max_in_batch: float = Field(default=100, ge=0, le=100, allow_inf_nan=False, description="% of the grist")
    origin: str = Field(default="", max_length=80)


class KitHop(_KitItem):
    alpha: float = Field(ge=0, le=30, allow_inf_nan=False, description="alpha acids %")
    form: Literal[HOP_FORMS] = "pellet"  # type: ignore[valid-type]
    origin: str = Field(default="", max_length=80)


class KitYeast(_KitItem):
    lab: str = Field(default="", max_length=80)
    product_id: str = Field(default="", max_length=40)
    type: Literal[YEAST_TYPES] = "ale"  # type: ignore[valid-type]
    form: Literal[YEAST_FORMS] = "dry"  # type: ignore[valid-type]
    attenuation: float = Field(ge=0, le=100, allow_inf_nan=False, description="apparent attenuation %")
    min_temp: float | None = Field(default=None, ge=-5, le=60, allow_inf_nan=False)
    max_temp: float | None = Field(default=None, ge=-5, le=60, allow_inf_nan=False)
    flocculation: Literal[FLOCCULATIONS] = "medium"  # type: ignore[valid-type]


class KitMisc(_KitItem):
    type: Literal[MISC_TYPES] = "other"  # type: ignore[valid-type]
    unit: Literal[MISC_UNITS] = "g"  # type: ignore[valid-type]


class RecipeKit(_Strict):
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    fermentables: list[KitFermentable] = Field(default_factory=list, max_length=2000)
    hops: list[KitHop] = Field(default_factory=list, max_length=2000)
    yeasts: list[KitYeast] = Field(default_factory=list, max_length=2000)
    miscs: list[KitMisc] = Field(default_factory=list, max_length=2000)

    @model_validator(mode="after")
    def _unique(self) -> RecipeKit:
        seen: set[str] = set()
        for item in (*self.fermentables, *self.hops, *self.yeasts, *self.miscs):
            if item.id in seen:
                raise ValueError(_("two ingredients have the id “%(id)s”") % {"id": item.id})
            seen.add(item.id)
        return self


# --- the recipe


class _Element(_Strict):
    id: str = Field(pattern=ELEMENT_ID, description="stable element id, e.g. 'f1', 'h2'")


class _Ingredient(_Element):
    ingredient: str = Field(pattern=KIT_ID, description="the kit's ingredient id")
    name: str | None = Field(
        default=None, max_length=120, description="as the file named it, if not in the kit"
    )


class Fermentable(_Ingredient):
    amount: float = Field(ge=0, le=5000, allow_inf_nan=False, description="kg")
    type: Literal[FERMENTABLE_TYPES] | None = None  # type: ignore[valid-type]
    extract: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    color: float | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
    late: bool = Field(default=False, description="added after the boil (BeerXML ADD_AFTER_BOIL)")


class HopAddition(_Ingredient):
    amount: float = Field(ge=0, le=100_000, allow_inf_nan=False, description="g")
    use: Literal[HOP_USES] = "boil"  # type: ignore[valid-type]
    time: float = Field(ge=0, le=20_160, allow_inf_nan=False, description="minutes (dry hop: days)")
    alpha: float | None = Field(default=None, ge=0, le=30, allow_inf_nan=False)
    form: Literal[HOP_FORMS] | None = None  # type: ignore[valid-type]


class YeastAddition(_Ingredient):
    amount: float = Field(default=1, ge=0, le=1000, allow_inf_nan=False, description="packs")
    attenuation: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)


class MiscAddition(_Ingredient):
    amount: float = Field(ge=0, le=100_000, allow_inf_nan=False)
    use: Literal[MISC_USES] = "boil"  # type: ignore[valid-type]
    time: float = Field(default=0, ge=0, le=20_160, allow_inf_nan=False, description="minutes")


class MashStep(_Element):
    name: str = Field(default="", max_length=80)
    temp: float = Field(ge=20, le=100, allow_inf_nan=False, description="°C")
    time: float = Field(ge=0, le=1440, allow_inf_nan=False, description="minutes")


class FermentationStep(_Element):
    name: str = Field(default="", max_length=80)
    temp: float = Field(ge=-5, le=45, allow_inf_nan=False, description="°C")
    days: float = Field(ge=0, le=3650, allow_inf_nan=False)


class Recipe(_Strict):
    # None: not set yet (a new, empty recipe); the metrics need a batch size and an efficiency.
    batch_size: float | None = Field(default=None, ge=0.1, le=100_000, allow_inf_nan=False, description="L")
    boil_size: float | None = Field(default=None, ge=0.1, le=150_000, allow_inf_nan=False, description="L")
    boil_time: float | None = Field(default=None, ge=0, le=600, allow_inf_nan=False, description="minutes")
    efficiency: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False, description="%")
    style: str = Field(
        default="",
        max_length=8,
        # "21A"; a named type of a style without numbers of its own: "21B-BLK" (Black IPA), "27-SAHT" (Sahti)
        pattern=r"^([0-9]{1,2}[A-Z]?(-[A-Z]{2,4})?)?$",
        description="BJCP 2021 code",
    )
    ibu_method: Literal[IBU_METHODS] = "tinseth"  # type: ignore[valid-type]
    fermentables: list[Fermentable] = Field(default_factory=list, max_length=MAX_ITEMS)
    hops: list[HopAddition] = Field(default_factory=list, max_length=MAX_ITEMS)
    yeasts: list[YeastAddition] = Field(default_factory=list, max_length=MAX_ITEMS)
    miscs: list[MiscAddition] = Field(default_factory=list, max_length=MAX_ITEMS)
    mash_steps: list[MashStep] = Field(default_factory=list, max_length=MAX_ITEMS)
    fermentation_steps: list[FermentationStep] = Field(default_factory=list, max_length=MAX_ITEMS)
    notes: str = Field(default="", max_length=20_000)

    @model_validator(mode="after")
    def _unique_ids(self) -> Recipe:
        seen: set[str] = set()
        for group in (
            self.fermentables,
            self.hops,
            self.yeasts,
            self.miscs,
            self.mash_steps,
            self.fermentation_steps,
        ):
            for element in group:
                if element.id in seen:
                    raise ValueError(
                        _("two elements have the id “%(id)s”; every element needs its own")
                        % {"id": element.id}
                    )
                seen.add(element.id)
        return self
