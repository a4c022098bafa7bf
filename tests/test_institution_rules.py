"""Institution figures: peer comparison (portal/institutions/peers.py) and the review window
before publication (portal/institutions/review.py)."""
from __future__ import annotations

import ast
import statistics
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.institutions import peers, review
from portal.institutions.peers import (
    MIN_PEERS,
    POSITION_TEXT,
    TOO_FEW_PEERS,
    PeerPosition,
    PeerStats,
    describe,
    peer_stats,
    position,
    rank,
    share_below,
)
from portal.institutions.review import (
    DEFAULT_REVIEW_DAYS,
    MAX_TEXT_LENGTH,
    REVIEW_STATE_TEXT,
    Dispute,
    InvalidText,
    Resolution,
    ReviewState,
    can_dispute,
    is_flagged,
    is_public,
    last_review_day,
    review_ends,
    state_at,
)
from portal.text import Message

D = Decimal
BEIJING = timezone(timedelta(hours=8))


def cents(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def render(message: Message) -> str:
    """As a view renders it with the English catalogue (gettext = identity)."""
    return message.msgid % message.params if message.params else message.msgid


# --------------------------------------------------------------------------------------------
# Peer statistics

decimals = st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2, allow_nan=False)
figure_lists = st.lists(decimals, min_size=MIN_PEERS, max_size=60)


@given(figure_lists)
def test_quartiles_equal_statistics_inclusive(values):
    stats = peer_stats(values)
    expected = statistics.quantiles(values, n=4, method="inclusive")
    assert (stats.q1, stats.median, stats.q3) == tuple(cents(q) for q in expected)
    assert stats.count == len(values)
    assert (stats.minimum, stats.maximum) == (cents(min(values)), cents(max(values)))


@given(st.lists(st.decimals(min_value=0, max_value=100, places=4, allow_nan=False), min_size=MIN_PEERS))
def test_quartiles_with_more_places_than_cents(values):
    expected = statistics.quantiles(values, n=4, method="inclusive")
    stats = peer_stats(values)
    assert (stats.q1, stats.median, stats.q3) == tuple(cents(q) for q in expected)


@given(figure_lists)
def test_median_is_the_median_and_order_holds(values):
    stats = peer_stats(values)
    assert stats.median == cents(statistics.median(values))
    assert stats.minimum <= stats.q1 <= stats.median <= stats.q3 <= stats.maximum
    # Order does not matter, nor do missing figures.
    assert peer_stats([None, *reversed(values), None]) == stats


@given(st.lists(st.one_of(st.none(), decimals), max_size=20))
def test_fewer_than_min_peers_gives_none(values):
    present = [value for value in values if value is not None]
    assert (peer_stats(values) is None) == (len(present) < MIN_PEERS)


def test_fewer_than_five_is_none_and_five_is_enough():
    assert MIN_PEERS == 5
    assert peer_stats([]) is None
    assert peer_stats([D(1), D(2), D(3), D(4), None, None]) is None
    stats = peer_stats([D(1), D(2), D(3), D(4), D(5)])
    assert stats == PeerStats(5, D("1.00"), D("2.00"), D("3.00"), D("4.00"), D("5.00"))


def test_interpolation_example():
    # n = 6: q1 at position 1.25, median at 2.5, q3 at 3.75 (as percentile_cont).
    stats = peer_stats([D(10), D(20), D(30), D(40), D(50), D(61)])
    assert (stats.q1, stats.median, stats.q3) == (D("22.50"), D("35.00"), D("47.50"))
    # Rounded half up, not to even.
    stats = peer_stats([D("0.005"), D("0.005"), D("0.005"), D("0.005"), D("0.005")])
    assert stats.median == D("0.01")


def test_exact_with_many_digits():
    big = D("123456789012345678901234567890.01")
    values = [big, big + 1, big + 2, big + 3, big + 5]
    stats = peer_stats(values)
    assert stats.q3 == big + 3
    assert stats.maximum == big + 5


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), 1.5, "3"])
def test_non_decimal_figures_are_refused(bad):
    with pytest.raises(ValueError):
        peer_stats([D(1), D(2), D(3), D(4), bad])


# --------------------------------------------------------------------------------------------
# Positions and words

STATS = PeerStats(count=9, minimum=D("1.00"), q1=D("10.00"), median=D("20.00"), q3=D("30.00"), maximum=D("90.00"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0"), PeerPosition.BELOW_Q1),
        (D("10"), PeerPosition.BELOW_Q1),  # equal to a quartile: the lower band
        (D("10.004"), PeerPosition.BELOW_Q1),  # rounded like the quartiles: 10.00
        (D("10.005"), PeerPosition.Q1_TO_MEDIAN),
        (D("10.01"), PeerPosition.Q1_TO_MEDIAN),
        (D("20.00"), PeerPosition.Q1_TO_MEDIAN),
        (D("20.01"), PeerPosition.MEDIAN_TO_Q3),
        (D("30"), PeerPosition.MEDIAN_TO_Q3),
        (D("30.01"), PeerPosition.ABOVE_Q3),
        (D("1000"), PeerPosition.ABOVE_Q3),
    ],
)
def test_position_boundaries(value, expected):
    assert position(value, STATS) is expected


def test_all_equal_figures_are_in_the_lowest_band():
    stats = peer_stats([D(7)] * 6)
    assert position(D(7), stats) is PeerPosition.BELOW_Q1


@given(figure_lists, st.data())
def test_above_q3_words_are_true(values, data):
    """'higher than at more than 75% of the other institutions' holds whenever it is said."""
    stats = peer_stats(values)
    own = data.draw(st.sampled_from(values))
    if position(own, stats) is PeerPosition.ABOVE_Q3:
        others = list(values)
        others.remove(own)
        assert sum(1 for other in others if other < own) * 4 > 3 * len(others)


def test_describe_has_a_sentence_per_position_and_renders():
    assert set(POSITION_TEXT) == set(PeerPosition)
    for value, expected in [(D(5), "at or below the lower quartile"), (D(15), "at or below the median"),
                            (D(25), "at or below the upper quartile"), (D(50), "more than 75% of the 8 other")]:
        message = describe("The share of drugs in costs", value, STATS)
        text = render(message)
        assert text.startswith("The share of drugs in costs is ")
        assert expected in text
        assert "%" not in text.replace("75%", "")
    assert "9 institutions" in render(describe("X", D(15), STATS))
    too_few = describe("Cost per visit", D(5), None)
    assert too_few.msgid == TOO_FEW_PEERS
    assert render(too_few) == (
        "Cost per visit is not compared: fewer than 5 institutions of the same type and level in "
        "the province have a figure."
    )


# --------------------------------------------------------------------------------------------
# Percentile rank

def test_share_below_examples():
    values = [D(1), D(2), D(2), D(3), D(4)]
    assert share_below(D(1), values) == D("10.0")  # 0 below, 1 equal: 0.5 / 5
    assert share_below(D(2), values) == D("40.0")  # 1 below, 2 equal: 2 / 5
    assert share_below(D(4), values) == D("90.0")
    assert share_below(D(0), values) == D("0.0")
    assert share_below(D(9), values) == D("100.0")
    assert share_below(D(2), [D(1), D(2), D(3)]) == D("50.0")
    # 1/3 of 100 = 33.33... -> 33.3; 5/6 -> 83.33.. ; 1/6 -> 16.666.. -> 16.7 (half up elsewhere)
    assert share_below(D(2), [D(1), D(1), D(3)]) == D("66.7")
    assert share_below(D(1), [D(1), D(2), D(3)]) == D("16.7")
    assert share_below(D(1), [D(1)] + [D(2)] * 7) == D("6.3")  # 6.25 rounds half up
    assert share_below(D(2), [D(1), None, D(3)]) == D("50.0")
    with pytest.raises(ValueError):
        share_below(D(1), [None])


@given(decimals, st.lists(decimals, min_size=1, max_size=40))
def test_share_below_bounds(value, values):
    share = share_below(value, values)
    assert D(0) <= share <= D(100)
    assert share.as_tuple().exponent == -1
    if value in values:
        assert D(0) < share < D(100)
    # Symmetric: turning the order round gives 100 - share (up to 0.1 of rounding).
    mirrored = share_below(-value, [-other for other in values])
    assert abs(share + mirrored - 100) <= D("0.1")


# --------------------------------------------------------------------------------------------
# Ranking

def test_rank_competition_ties():
    rows = [("d", D(8)), ("c", D(9)), ("a", D(10)), ("x", None), ("b", D(9))]
    assert rank(rows) == [(1, "a", D(10)), (2, "b", D(9)), (2, "c", D(9)), (4, "d", D(8))]
    assert rank(rows, descending=False) == [(1, "d", D(8)), (2, "b", D(9)), (2, "c", D(9)), (4, "a", D(10))]
    assert rank([]) == []
    assert rank([(1, D("1.0")), (2, D("1.00"))]) == [(1, 1, D("1.0")), (1, 2, D("1.00"))]


@given(st.lists(st.tuples(st.integers(), st.one_of(st.none(), decimals)), unique_by=lambda row: row[0]))
def test_rank_properties(rows):
    ranked = rank(rows)
    assert len(ranked) == sum(1 for _, value in rows if value is not None)
    for number, _key, value in ranked:
        assert number == 1 + sum(1 for _, _, other in ranked if other > value)
    assert rank(list(reversed(rows))) == ranked


# --------------------------------------------------------------------------------------------
# Review window

def test_review_ends_at_beijing_midnight_after_the_last_day():
    assert DEFAULT_REVIEW_DAYS == 45
    imported = datetime(2025, 1, 10, 15, 30, tzinfo=BEIJING)
    ends = review_ends(imported, 45)
    assert ends == datetime(2025, 2, 25, tzinfo=BEIJING)
    assert ends.utcoffset() == timedelta(hours=8)
    assert last_review_day(ends) == "2025-02-24"


@pytest.mark.parametrize(
    ("imported", "days", "ends"),
    [
        (datetime(2025, 1, 31, 9, tzinfo=BEIJING), 1, datetime(2025, 2, 2, tzinfo=BEIJING)),
        (datetime(2025, 1, 31, 9, tzinfo=BEIJING), 28, datetime(2025, 3, 1, tzinfo=BEIJING)),
        (datetime(2024, 1, 31, 9, tzinfo=BEIJING), 29, datetime(2024, 3, 1, tzinfo=BEIJING)),  # leap year
        (datetime(2025, 12, 20, 0, 0, tzinfo=BEIJING), 45, datetime(2026, 2, 4, tzinfo=BEIJING)),
        # 17:00 UTC is 01:00 the next day in Beijing: the import day is the Beijing one.
        (datetime(2025, 3, 31, 17, 0, tzinfo=UTC), 1, datetime(2025, 4, 3, tzinfo=BEIJING)),
        (datetime(2025, 3, 31, 15, 59, 59, tzinfo=UTC), 1, datetime(2025, 4, 2, tzinfo=BEIJING)),
        # Another zone: 2025-04-30 20:00 in New York (UTC-4) is 2025-05-01 08:00 in Beijing.
        (datetime(2025, 4, 30, 20, tzinfo=timezone(timedelta(hours=-4))), 30, datetime(2025, 6, 1, tzinfo=BEIJING)),
    ],
)
def test_review_ends_across_month_ends_and_zones(imported, days, ends):
    assert review_ends(imported, days) == ends
    assert review_ends(imported, days) - timedelta(days=days + 1) <= imported.astimezone(BEIJING)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)),
       st.integers(min_value=1, max_value=400))
def test_review_period_is_at_least_the_days(imported, days):
    ends = review_ends(imported, days)
    assert timedelta(days=days) < ends - imported <= timedelta(days=days + 1)
    local = ends.astimezone(BEIJING)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


@pytest.mark.parametrize("days", [0, -1, True, 1.5, "45"])
def test_review_days_must_be_positive(days):
    with pytest.raises(ValueError):
        review_ends(datetime(2025, 1, 1, tzinfo=UTC), days)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        review_ends(datetime(2025, 1, 1), 45)
    with pytest.raises(ValueError):
        can_dispute(datetime(2025, 1, 2), datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC), False)
    with pytest.raises(ValueError):
        Dispute(datetime(2025, 1, 2), "wrong")


IMPORTED = datetime(2025, 1, 10, 15, 30, tzinfo=BEIJING)
ENDS = datetime(2025, 2, 25, tzinfo=BEIJING)


def test_dispute_on_the_last_second_is_allowed_and_after_refused():
    last = ENDS - timedelta(microseconds=1)
    assert can_dispute(IMPORTED, IMPORTED, ENDS, False) is None
    assert can_dispute(last, IMPORTED, ENDS, False) is None
    assert can_dispute(last.astimezone(UTC), IMPORTED, ENDS, False) is None
    refused = can_dispute(ENDS, IMPORTED, ENDS, False)
    assert refused == Message(
        "The review period ended on %(day)s; disputes can no longer be filed.", {"day": "2025-02-24"}
    )
    assert render(refused) == "The review period ended on 2025-02-24; disputes can no longer be filed."
    again = can_dispute(last, IMPORTED, ENDS, True)
    assert render(again) == "A dispute has already been filed for these figures."
    with pytest.raises(ValueError):
        can_dispute(IMPORTED - timedelta(seconds=1), IMPORTED, ENDS, False)


def test_dispute_and_resolution_texts():
    dispute = Dispute(IMPORTED, "  The drug costs include a ward that closed in 2024.\n")
    assert dispute.comment == "The drug costs include a ward that closed in 2024."
    assert Dispute(IMPORTED, "x" * MAX_TEXT_LENGTH).comment == "x" * 2000
    assert Dispute(IMPORTED, "  " + "x" * 2000 + "  ").comment == "x" * 2000  # counted once stripped
    for blank in ["", "   \n", None]:
        with pytest.raises(ValueError) as caught:
            Dispute(IMPORTED, blank)
        assert isinstance(caught.value, InvalidText)
        assert render(caught.value.message)
    with pytest.raises(InvalidText) as caught:
        Dispute(IMPORTED, "x" * 2001)
    assert render(caught.value.message) == "The text is 2001 characters long; at most 2000 are allowed."
    assert Resolution(IMPORTED, False, " The figures stand. ").answer == "The figures stand."
    with pytest.raises(InvalidText):
        Resolution(IMPORTED, True, " ")
    with pytest.raises(ValueError):
        Resolution(IMPORTED, 1, "yes")


DAY = timedelta(days=1)
FILED = Dispute(IMPORTED + 10 * DAY, "Wrong drug share.")
STAND_EARLY = Resolution(IMPORTED + 20 * DAY, upheld=False, answer="Checked against the settlement data.")
UPHELD_EARLY = Resolution(IMPORTED + 20 * DAY, upheld=True, answer="Corrected.")
STAND_LATE = Resolution(ENDS + 5 * DAY, upheld=False, answer="Checked.")
UPHELD_LATE = Resolution(ENDS + 5 * DAY, upheld=True, answer="Corrected.")
S = ReviewState


@pytest.mark.parametrize(
    ("dispute", "resolution", "timeline"),
    [
        # (moment after import, state) pairs, in order.
        (None, None, [(0 * DAY, S.IN_REVIEW), (ENDS - IMPORTED - timedelta(microseconds=1), S.IN_REVIEW),
                      (ENDS - IMPORTED, S.PUBLISHED), (400 * DAY, S.PUBLISHED)]),
        (FILED, None, [(9 * DAY, S.IN_REVIEW), (10 * DAY, S.DISPUTED_IN_REVIEW),
                       (ENDS - IMPORTED, S.PUBLISHED_DISPUTED), (400 * DAY, S.PUBLISHED_DISPUTED)]),
        (FILED, STAND_EARLY, [(10 * DAY, S.DISPUTED_IN_REVIEW), (20 * DAY, S.DISPUTED_IN_REVIEW),
                              (ENDS - IMPORTED, S.RESOLVED), (400 * DAY, S.RESOLVED)]),
        (FILED, UPHELD_EARLY, [(10 * DAY, S.DISPUTED_IN_REVIEW), (20 * DAY, S.WITHDRAWN_BY_BUREAU),
                               (ENDS - IMPORTED, S.WITHDRAWN_BY_BUREAU)]),
        (FILED, STAND_LATE, [(ENDS - IMPORTED, S.PUBLISHED_DISPUTED), (ENDS + 5 * DAY - IMPORTED, S.RESOLVED)]),
        (FILED, UPHELD_LATE, [(ENDS - IMPORTED, S.PUBLISHED_DISPUTED),
                              (ENDS + 5 * DAY - IMPORTED, S.WITHDRAWN_BY_BUREAU)]),
    ],
)
def test_state_transitions(dispute, resolution, timeline):
    for after, expected in timeline:
        assert state_at(IMPORTED + after, IMPORTED, ENDS, dispute, resolution) is expected


def test_public_and_flagged_states():
    assert {state for state in S if is_public(state)} == {S.PUBLISHED, S.PUBLISHED_DISPUTED, S.RESOLVED}
    assert {state for state in S if is_flagged(state)} == {S.PUBLISHED_DISPUTED}
    assert set(REVIEW_STATE_TEXT) == set(S)


def test_impossible_records_are_refused():
    with pytest.raises(ValueError):  # an answer without a dispute
        state_at(ENDS, IMPORTED, ENDS, None, STAND_EARLY)
    with pytest.raises(ValueError):  # a dispute after the period
        state_at(ENDS, IMPORTED, ENDS, Dispute(ENDS, "late"), None)
    with pytest.raises(ValueError):  # a dispute before the import
        state_at(ENDS, IMPORTED, ENDS, Dispute(IMPORTED - DAY, "early"), None)
    with pytest.raises(ValueError):  # an answer before the dispute
        state_at(ENDS, IMPORTED, ENDS, FILED, Resolution(IMPORTED + DAY, False, "early"))
    with pytest.raises(ValueError):  # before the import
        state_at(IMPORTED - DAY, IMPORTED, ENDS)
    # The last moment of the period is still within it for a dispute.
    last = Dispute(ENDS - timedelta(microseconds=1), "last minute")
    assert state_at(ENDS - timedelta(microseconds=1), IMPORTED, ENDS, last) is S.DISPUTED_IN_REVIEW
    assert state_at(ENDS, IMPORTED, ENDS, last) is S.PUBLISHED_DISPUTED


# --------------------------------------------------------------------------------------------
# Messages

def _msgids(module) -> list[str]:
    """Every N_("...") string literal in a module's source."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_"
    ]


@pytest.mark.parametrize("module", [peers, review])
def test_every_msgid_formats_with_its_parameters(module):
    params = {"measure": "The drug share", "peers": 12, "others": 11, "minimum": 5, "day": "2025-02-24",
              "length": 2001, "maximum": 2000}
    msgids = _msgids(module)
    assert msgids
    for msgid in msgids:
        text = msgid % params  # no stray % and no unknown placeholder
        assert "%(" not in text
        if "%" in msgid.replace("%%", ""):
            assert text != msgid
