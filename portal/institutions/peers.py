"""Comparing an institution's figure with its peers (no Flask and no database here).

Peers are the designated institutions of the same type and level in the same province; the
caller selects them and passes their figures, the institution's own included (it is one of
the group, and the chart shows the whole group). A measure is anything per institution in
Decimal: a cost per visit, a drug share in percent.

Quartiles. `peer_stats` uses the "inclusive" linear interpolation method, the one of
`statistics.quantiles(values, n=4, method="inclusive")`, of PostgreSQL `percentile_cont`,
of Excel `QUARTILE.INC` and of numpy's default: with the n values sorted as x[0] ... x[n-1],
the p-quantile lies at position h = (n - 1) * p, and is x[floor(h)] plus the fraction of h
times the gap to the next value. The minimum and maximum are quantiles 0 and 1; the median
(p = 1/2) is the ordinary median. A database query with `percentile_cont(0.25)` therefore
gives the same quartiles as this module, which lets a page and a report agree. The
arithmetic is in Decimal with enough precision to be exact (h has at most two decimals), and
only the results are rounded, half up, to 0.01: `PeerStats` holds the figures as published.

No comparison is made with fewer than `MIN_PEERS` figures: with three or four institutions
the quartiles are the institutions' own figures, so the comparison tells a reader what each
named competitor reported and says little about what is usual.

Positions. `position` places a figure in one of four bands by the published quartiles. A
figure equal to a quartile counts in the lower band (equal to the median is
`Q1_TO_MEDIAN`, not `MEDIAN_TO_Q3`), so that "above" in the words always means strictly
above. The figure is rounded to 0.01 like the quartiles before it is compared: the words
then match the chart a reader sees, and since rounding keeps order, a rounded figure above a
rounded quartile is above the exact quartile too.

Words. `describe` gives one sentence per band. Only the top band states a share, and it is
true by the arithmetic above: a figure of the group strictly above the upper quartile is
strictly above x[floor(h)] with h = 3(n - 1)/4, so above floor(h) + 1 > 3(n - 1)/4 of the
n - 1 other institutions, "more than 75%". No share is claimed for the bottom band, where
equal figures (ties at the lower quartile) would make it false. `share_below` gives the exact
percentile rank for a page that wants a number.

Ranking. `rank` gives competition ranks ("1224": tied figures share a rank and the next rank
skips), the order a journalist expects from a league table; ties are exact equality of the
figures passed, so a caller who publishes rounded figures ranks the rounded figures.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType
from typing import TypeVar

from portal.text import N_, Message

MIN_PEERS = 5
CENT = Decimal("0.01")


class PeerPosition(enum.StrEnum):
    BELOW_Q1 = "below_q1"  # at or below the lower quartile
    Q1_TO_MEDIAN = "q1_to_median"  # above the lower quartile, at or below the median
    MEDIAN_TO_Q3 = "median_to_q3"  # above the median, at or below the upper quartile
    ABOVE_Q3 = "above_q3"  # above the upper quartile


@dataclass(frozen=True)
class PeerStats:
    """The distribution of a measure over a peer group, rounded to 0.01 as published."""

    count: int  # institutions with a figure (the institution itself included)
    minimum: Decimal
    q1: Decimal
    median: Decimal
    q3: Decimal
    maximum: Decimal

    def __post_init__(self) -> None:
        if self.count < MIN_PEERS:
            raise ValueError(f"a peer comparison needs at least {MIN_PEERS} figures")
        if not self.minimum <= self.q1 <= self.median <= self.q3 <= self.maximum:
            raise ValueError("minimum <= q1 <= median <= q3 <= maximum")


def _finite(values: Iterable[Decimal | None]) -> list[Decimal]:
    """The values that are not None, refusing anything that is not a finite Decimal (a float
    would bring binary rounding into published figures; NaN cannot be ordered)."""
    kept = []
    for value in values:
        if value is None:
            continue
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError(f"peer figures are finite Decimals, not {value!r}")
        kept.append(value)
    return kept


def _one(value: Decimal) -> Decimal:
    if value is None:
        raise ValueError("no figure to compare")
    return _finite([value])[0]


def _exact_precision(values: Sequence[Decimal]) -> int:
    """Digits enough for a * k + b * (4 - k) (k <= 4) and its quarter to be exact, and for
    the result to be quantized to 0.01: the span of the values' digits, two more for the
    quarter, one more for the carry of the sum, and two for the cents."""
    highest = max(max(value.adjusted() for value in values), 0)
    lowest = min(min(value.as_tuple().exponent for value in values), -2)
    return highest - lowest + 6


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def peer_stats(values: Iterable[Decimal | None]) -> PeerStats | None:
    """Minimum, quartiles (inclusive method, see the module docstring), maximum of `values`,
    rounded half up to 0.01; None values (no figure) are left out. None when fewer than
    `MIN_PEERS` figures remain."""
    data = sorted(_finite(values))
    n = len(data)
    if n < MIN_PEERS:
        return None
    # Position i * (n - 1) / 4, in integers: j whole values and delta quarters. Only the
    # values a quartile is made of set the precision (a province may have thousands of peers).
    places = {i: divmod(i * (n - 1), 4) for i in (1, 2, 3)}
    used = [data[0], data[-1], *(data[j + step] for j, delta in places.values() for step in ((0, 1) if delta else (0,)))]
    with localcontext(prec=_exact_precision(used)):

        def quartile(i: int) -> Decimal:
            j, delta = places[i]
            if delta == 0:
                return _cents(data[j])
            return _cents((data[j] * (4 - delta) + data[j + 1] * delta) / 4)

        return PeerStats(
            count=n,
            minimum=_cents(data[0]),
            q1=quartile(1),
            median=quartile(2),
            q3=quartile(3),
            maximum=_cents(data[-1]),
        )


def position(value: Decimal, stats: PeerStats) -> PeerPosition:
    """The band of `value` rounded to 0.01; a value equal to a quartile is in the lower band."""
    shown = _one(value)
    with localcontext(prec=_exact_precision([shown])):
        shown = _cents(shown)
    if shown <= stats.q1:
        return PeerPosition.BELOW_Q1
    if shown <= stats.median:
        return PeerPosition.Q1_TO_MEDIAN
    if shown <= stats.q3:
        return PeerPosition.MEDIAN_TO_Q3
    return PeerPosition.ABOVE_Q3


def share_below(value: Decimal, values: Iterable[Decimal | None]) -> Decimal:
    """The percentile rank of `value` among `values` (None left out): the share of figures
    strictly below it plus half the share of figures equal to it, in percent, rounded half
    up to 0.1. Between 0 and 100; a figure of the group is never at 0 or 100, because half of
    its own tie counts. The usual definition, which treats ties symmetrically: reversing the
    order of the figures turns a share s into 100 - s (up to the rounding)."""
    value = _one(value)
    data = _finite(values)
    if not data:
        raise ValueError("no figures to compare with")
    below = sum(1 for other in data if other < value)
    equal = sum(1 for other in data if other == value)
    n = len(data)
    # percent = (below + equal / 2) / n * 100; in tenths, rounded half up, in integers.
    tenths = ((2 * below + equal) * 1000 + n) // (2 * n)
    return Decimal(tenths).scaleb(-1)


# One sentence per band. `measure` is the translated name of the measure, as a sentence
# subject ("The share of drugs in its costs"); `peers` the size of the group, the institution
# included; `others` the other institutions.
POSITION_TEXT: Mapping[PeerPosition, str] = MappingProxyType(
    {
        PeerPosition.BELOW_Q1: N_(
            "%(measure)s is at or below the lower quartile of the %(peers)d institutions of the "
            "same type and level in the province."
        ),
        PeerPosition.Q1_TO_MEDIAN: N_(
            "%(measure)s is above the lower quartile and at or below the median of the %(peers)d "
            "institutions of the same type and level in the province."
        ),
        PeerPosition.MEDIAN_TO_Q3: N_(
            "%(measure)s is above the median and at or below the upper quartile of the %(peers)d "
            "institutions of the same type and level in the province."
        ),
        PeerPosition.ABOVE_Q3: N_(
            "%(measure)s is above the upper quartile: higher than at more than 75%% of the "
            "%(others)d other institutions of the same type and level in the province."
        ),
    }
)
TOO_FEW_PEERS = N_(
    "%(measure)s is not compared: fewer than %(minimum)d institutions of the same type and level "
    "in the province have a figure."
)


def describe(measure: str, value: Decimal, stats: PeerStats | None) -> Message:
    """The comparison in words. `measure` is already translated; `value` is the institution's
    own figure, one of those `stats` was computed from (the top band's share relies on it).
    With `stats` None (too few peers) it says that no comparison is made."""
    if stats is None:
        return Message(TOO_FEW_PEERS, {"measure": measure, "minimum": MIN_PEERS})
    return Message(
        POSITION_TEXT[position(value, stats)],
        {"measure": measure, "peers": stats.count, "others": stats.count - 1},
    )


K = TypeVar("K")  # a row's key: an institution id or code, anything orderable


def rank(rows: Iterable[tuple[K, Decimal | None]], descending: bool = True) -> list[tuple[int, K, Decimal]]:
    """(rank, key, value) by value, highest first unless `descending` is False, with
    competition ranks ("1224"); rows without a value are left out (an institution that
    reported nothing is not last). Tied rows are in the order of their keys, so the table
    does not change between two requests."""
    kept = [(key, value) for key, value in rows if value is not None]
    _finite(value for _, value in kept)
    # copy_negate is exact, unlike unary minus, which rounds to the context's precision.
    ordered = sorted(kept, key=lambda row: (row[1].copy_negate() if descending else row[1], row[0]))
    ranked: list[tuple[int, K, Decimal]] = []
    for index, (key, value) in enumerate(ordered):
        current = index + 1 if not ranked or ranked[-1][2] != value else ranked[-1][0]
        ranked.append((current, key, value))
    return ranked
