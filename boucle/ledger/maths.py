"""The arithmetic of influence and royalties: exact, in integers, Fractions and Decimals (never float).

docs/ROYALTIES.md states each rule with a worked example.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")


def pool_amount(net_amount: Decimal, rate_percent: Decimal) -> Decimal:
    """The royalty pool of a sale: net × rate / 100, rounded half up to the cent.

    >>> pool_amount(Decimal("19.99"), Decimal("12.50"))
    Decimal('2.50')
    """
    return (Decimal(net_amount) * Decimal(rate_percent) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Decimal('12.34') -> 1234. The amount must already be a whole number of cents."""
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """1234 -> Decimal('12.34')."""
    return (Decimal(cents) / 100).quantize(CENT)


def shares(points: dict[int, int]) -> dict[int, Fraction]:
    """Each member's exact share of the points: {3: 10, 7: 5} -> {3: Fraction(2, 3), 7: Fraction(1, 3)}.

    Members with no points have a share of 0; an empty or all-zero table gives all zeros.
    """
    total = sum(points.values())
    if total == 0:
        return {member: Fraction(0) for member in points}
    return {member: Fraction(p, total) for member, p in points.items()}


def split_cents(total_cents: int, weights: dict[int, int]) -> dict[int, int]:
    """Split ``total_cents`` in proportion to integer ``weights``, exactly, by the largest remainder.

    Each member first gets the whole cents of their exact quota total × weight / Σweights; the cents left
    over (fewer than the number of members) go one each to the members with the largest fractional parts of
    their quota, ties broken by the smaller member id. The parts always sum to ``total_cents``, none is
    negative, and none exceeds the ceiling of its quota (so a member never gets more than their weight when
    the total does not exceed the sum of the weights).

    >>> split_cents(100, {1: 1, 2: 1, 3: 1})
    {1: 34, 2: 33, 3: 33}
    """
    if total_cents < 0:
        raise ValueError("cannot split a negative amount")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights cannot be negative")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        if total_cents:
            raise ValueError("cannot split a positive amount by zero weights")
        return {member: 0 for member in weights}
    parts: dict[int, int] = {}
    remainders: list[tuple[int, int]] = []
    for member, weight in weights.items():
        whole, remainder = divmod(total_cents * weight, weight_sum)
        parts[member] = whole
        remainders.append((remainder, member))
    left = total_cents - sum(parts.values())
    # Largest remainder first; among equal remainders, the smaller member id first.
    remainders.sort(key=lambda rm: (-rm[0], rm[1]))
    for _remainder, member in remainders[:left]:
        parts[member] += 1
    return parts


def parse_money(value, *, allow_zero: bool = False) -> Decimal | None:
    """A Decimal of at most two decimal places and at most 12 integer digits, positive (or zero), else None.

    Accepts Decimal, int or str; refuses float (binary fractions are not money), NaN and infinities.
    """
    if isinstance(value, float | bool) or value is None:
        return None
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        return None
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP) or (amount == 0 and not allow_zero):
        return None
    return amount.quantize(CENT)
