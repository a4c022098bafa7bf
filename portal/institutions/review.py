"""The review window of imported institution figures, as data and pure functions.

No Flask and no database here. Modelled on the review and dispute period of the US Open
Payments programme: figures the bureau imports about a designated institution are held for
a review period, during which the institution's staff account (and the bureau) can see them
and the institution can file a dispute; when the period ends they are published whatever
happens, and figures still disputed carry a visible flag and the institution's comment. The
institution is heard before publication, and a dispute cannot hold figures back for ever.

    imported -> IN_REVIEW --(dispute)--> DISPUTED_IN_REVIEW
    IN_REVIEW --(period ends)--> PUBLISHED
    DISPUTED_IN_REVIEW --(period ends)--> PUBLISHED_DISPUTED (flag and comment)
    DISPUTED_IN_REVIEW or PUBLISHED_DISPUTED --(bureau upholds)--> WITHDRAWN_BY_BUREAU
    DISPUTED_IN_REVIEW --(bureau answers, figures stand; period ends)--> RESOLVED
    PUBLISHED_DISPUTED --(bureau answers, figures stand)--> RESOLVED

The period. `review_ends(imported_at, days)` counts calendar days (not working days: the
period is long, and a fixed length is easy to state on the page) on the bureau's clock,
Beijing time. The day of import is not counted: the review days are the `days` Beijing dates
after it, and the period ends at 00:00 Beijing time of the day after the last of them. An
institution therefore always has `days` whole days, however late the import ran, and "the
period ends on 24 February" means through the whole of that day in China. A dispute can be
filed at any moment before the end (the last microsecond of the last day included), not at
or after it. `days` is the configured period; `review_ends` takes it explicitly rather than
defaulting to `DEFAULT_REVIEW_DAYS`, so a caller cannot forget the configuration. The end is
computed once, at import, and stored with the figures: the other functions take that `ends`,
so changing the configured period later does not move the end of figures already imported.

One dispute per set of figures; the bureau answers it once (`Resolution`):

- upheld: the bureau withdraws the figures and imports corrected ones, which are new figures
  with a review window of their own. Withdrawn figures are never shown (again): withdrawn in
  the period they were never published; withdrawn later, they are taken down.
- not upheld: the figures stand. They are still held until the period ends (the period is
  the institution's, and the bureau's answer does not shorten it), then published as
  RESOLVED: without the "disputed" flag, because the dispute is no longer open (Open Payments
  likewise keeps the flag only until a dispute is resolved), but with the history beside
  them: the institution's comment and the bureau's answer. An answer given after publication
  removes the flag from then on.

`state_at` is a function of time: a dispute or resolution dated after `now` is not yet
counted, so the same records give the state at any moment (for a page, an audit, a test).
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from portal.text import N_, Message, Refused
from portal.workdays import BEIJING

DEFAULT_REVIEW_DAYS = 45
MAX_TEXT_LENGTH = 2000  # of a dispute comment and of the bureau's answer; both are published


class ReviewState(enum.StrEnum):
    IN_REVIEW = "in_review"  # held: seen only by the institution and the bureau
    DISPUTED_IN_REVIEW = "disputed_in_review"  # held; a dispute was filed within the period
    PUBLISHED = "published"
    PUBLISHED_DISPUTED = "published_disputed"  # published with the flag and the institution's comment
    WITHDRAWN_BY_BUREAU = "withdrawn_by_bureau"  # dispute upheld; replaced by a correction
    RESOLVED = "resolved"  # dispute answered, figures stand; published with comment and answer, no flag


REVIEW_STATE_TEXT: Mapping[ReviewState, str] = MappingProxyType(
    {
        ReviewState.IN_REVIEW: N_("Held for review by the institution"),
        ReviewState.DISPUTED_IN_REVIEW: N_("Held for review; disputed by the institution"),
        ReviewState.PUBLISHED: N_("Published"),
        ReviewState.PUBLISHED_DISPUTED: N_("Published; disputed by the institution"),
        ReviewState.WITHDRAWN_BY_BUREAU: N_("Withdrawn by the bureau after a dispute; replaced by a correction"),
        ReviewState.RESOLVED: N_("Published; the bureau answered the institution's dispute"),
    }
)

PUBLIC_STATES = frozenset({ReviewState.PUBLISHED, ReviewState.PUBLISHED_DISPUTED, ReviewState.RESOLVED})
# Public states shown with the "disputed" flag.
FLAGGED_STATES = frozenset({ReviewState.PUBLISHED_DISPUTED})


def is_public(state: ReviewState) -> bool:
    """Whether the public sees the figures. The institution and the bureau see them in every
    state but WITHDRAWN_BY_BUREAU, where the correction takes their place."""
    return state in PUBLIC_STATES


def is_flagged(state: ReviewState) -> bool:
    """Whether the published figures carry the "disputed" flag."""
    return state in FLAGGED_STATES


class InvalidText(Refused):
    """A dispute comment or an answer that cannot be stored."""


def _require_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        # A naive time cannot be placed on the Beijing calendar.
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _published_text(text: str, empty_msgid: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidText(Message(empty_msgid))
    text = text.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidText(
            Message(
                N_("The text is %(length)d characters long; at most %(maximum)d are allowed."),
                {"length": len(text), "maximum": MAX_TEXT_LENGTH},
            )
        )
    return text


@dataclass(frozen=True)
class Dispute:
    """The institution's dispute. `comment` is published beside the figures, stripped;
    required, at most `MAX_TEXT_LENGTH` characters (InvalidText, a ValueError, otherwise)."""

    filed_at: datetime
    comment: str

    def __post_init__(self) -> None:
        _require_aware(self.filed_at, "filed_at")
        comment = _published_text(
            self.comment, N_("Say what is wrong with the figures; your comment is published with them.")
        )
        object.__setattr__(self, "comment", comment)


@dataclass(frozen=True)
class Resolution:
    """The bureau's answer to the dispute. `upheld`: the figures are withdrawn and corrected;
    otherwise they stand. `answer` is shown with the figures (or with the correction), under
    the same rules as a dispute comment."""

    decided_at: datetime
    upheld: bool
    answer: str

    def __post_init__(self) -> None:
        _require_aware(self.decided_at, "decided_at")
        if not isinstance(self.upheld, bool):
            raise ValueError("upheld is True or False")
        answer = _published_text(
            self.answer, N_("Give the bureau's answer to the dispute; it is published with the figures.")
        )
        object.__setattr__(self, "answer", answer)


def review_ends(imported_at: datetime, days: int) -> datetime:
    """The end of the review period (exclusive): 00:00 Beijing time of the day after the
    `days`-th Beijing date after the import day."""
    _require_aware(imported_at, "imported_at")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError("the review period is a positive number of days")
    import_day = imported_at.astimezone(BEIJING).date()
    end_day = import_day + timedelta(days=days + 1)
    return datetime(end_day.year, end_day.month, end_day.day, tzinfo=BEIJING)


def last_review_day(ends: datetime) -> str:
    """The last Beijing date of a review period ending at `ends`, as an ISO date (for messages
    and pages)."""
    _require_aware(ends, "ends")
    return (ends.astimezone(BEIJING).date() - timedelta(days=1)).isoformat()


def can_dispute(now: datetime, imported_at: datetime, ends: datetime, already_disputed: bool) -> Message | None:
    """None when the institution may file a dispute at `now`; else why not, for the user."""
    _require_aware(now, "now")
    _require_aware(ends, "ends")
    if now < imported_at:
        raise ValueError("the figures were imported after now")
    if now >= ends:
        return Message(
            N_("The review period ended on %(day)s; disputes can no longer be filed."),
            {"day": last_review_day(ends)},
        )
    if already_disputed:
        return Message(N_("A dispute has already been filed for these figures."))
    return None


def state_at(
    now: datetime,
    imported_at: datetime,
    ends: datetime,
    dispute: Dispute | None = None,
    resolution: Resolution | None = None,
) -> ReviewState:
    """The state of the figures at `now`. Records that cannot have been made (a dispute after
    the period or before the import, an answer before the dispute or without one) raise
    ValueError: they are a fault of the caller, not something to show."""
    _require_aware(now, "now")
    _require_aware(ends, "ends")
    if now < imported_at:
        raise ValueError("the figures were imported after now")
    if resolution is not None and dispute is None:
        raise ValueError("a resolution answers a dispute")
    if dispute is not None and not imported_at <= dispute.filed_at < ends:
        raise ValueError("a dispute is filed within the review period")
    if resolution is not None and resolution.decided_at < dispute.filed_at:
        raise ValueError("a dispute is answered after it is filed")

    filed = dispute is not None and dispute.filed_at <= now
    decided = resolution is not None and resolution.decided_at <= now
    if decided and resolution.upheld:
        return ReviewState.WITHDRAWN_BY_BUREAU
    if now < ends:
        return ReviewState.DISPUTED_IN_REVIEW if filed else ReviewState.IN_REVIEW
    if not filed:
        return ReviewState.PUBLISHED
    return ReviewState.RESOLVED if decided else ReviewState.PUBLISHED_DISPUTED
