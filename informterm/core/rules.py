"""The follow-up rules: from what happened with a contact to what should be done next.

Pure: :func:`rule_follow_ups` looks at one contact (its touches, interviews and colleagues)
with the settings and the time now, and says which rule-made follow-ups should be open,
each with its due time and the sentence saying why, and which ones have lost their reason
(with the sentence saying how). ``flows.followups`` reconciles the workbook with that after
every write. Each follow-up has an ``origin``: the rule and the record it answers (the
request touch, the interview, the note line), so the same reason never makes two.

The presets (``follow_up_preset``) decide what follows an outreach request:

- ``3b7``: no reply after ``try_next`` business days (3): try the next contact at the same
  employer; after ``follow_up`` business days (7): send one follow-up.
- ``week-or-two``: no reply after ``no_reply`` days (7): follow up once; ``no_response``
  days after that (14): mark the contact as not responding.
- ``none``: nothing.

Whatever the preset: a scheduled interview gets a "confirm" the day before (``confirm``
days), a held one a thank-you the same day, each ``#promise`` line of its notes a
follow-up (``promise`` days, or the date the line names), and a contact you have talked
to a keep-in-touch after their cadence. All numbers come from ``follow_up_days`` in
config.yaml.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from informterm.core.model import (
    Contact,
    Direction,
    FollowUpKind,
    Interview,
    InterviewStatus,
    NoteTag,
    Settings,
    Stage,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.notes import tagged_lines
from informterm.core.time import (
    add_business_days,
    at_local,
    date_named_in,
    day_and_time,
    interview_end,
    local_date,
    short_day,
    to_local,
)

RULE_DAYS = {
    "try_next": 3,
    "follow_up": 7,
    "no_reply": 7,
    "no_response": 14,
    "confirm": 1,
    "promise": 7,
}
"""The rules' numbers of days, by the names config.yaml's ``follow_up_days`` uses."""

RULE_DAY_HELP = {
    "try_next": "3b7: business days without a reply before trying the next contact",
    "follow_up": "3b7: business days without a reply before one follow-up",
    "no_reply": "week-or-two: days without a reply before one follow-up",
    "no_response": "week-or-two: days after that before marking no response",
    "confirm": "days before an interview to confirm it",
    "promise": "days to keep a promise whose note names no date",
}

END_OF_DAY = "23:59"
_CLOSED_STAGES = (Stage.DECLINED, Stage.CLOSED)
_TALKED_STAGES = (Stage.INTERVIEWED, Stage.THANKED, Stage.KEEPING_IN_TOUCH)
_CONFIRM_CLOSED = {
    InterviewStatus.CANCELLED: "the interview was cancelled",
    InterviewStatus.NO_SHOW: "the interview did not take place",
    InterviewStatus.DONE: "the interview took place",
}


@dataclass(frozen=True, slots=True)
class RuleFollowUp:
    """A follow-up a rule wants open, or (``closed_because`` set) one whose reason is gone."""

    origin: str
    """The rule and the record it answers, e.g. ``3b7:try-next:<touch id>``: its identity."""
    rule: str
    kind: FollowUpKind
    contact_id: str
    due: Timestamp
    reason: str
    interview_id: str | None = None
    closed_because: str | None = None
    """Why it is no longer needed ("they replied on Tue 8 Dec"), or None while it is."""


def rule_days(settings: Settings) -> dict[str, int]:
    """The rules' numbers: the defaults with config.yaml's ``follow_up_days`` applied."""
    return {**RULE_DAYS, **settings.follow_up_days}


def rule_follow_ups(
    contact: Contact,
    touches: Iterable[Touch],
    interviews: Iterable[Interview],
    settings: Settings,
    now: Timestamp,
    *,
    next_at_company: Contact | None = None,
) -> list[RuleFollowUp]:
    """Every rule-made follow-up of ``contact``: those that should be open, and those
    whose reason is gone (``closed_because``).

    ``next_at_company`` is the colleague at the same employer to try next (see
    :func:`next_contact_at_company`), named by the 3B7 rule. Raises
    ``UnknownHolidayCalendar`` when ``holiday_country`` is one the calendar does not know.
    """
    rules = _Rules(contact, sorted(touches, key=_when), settings, now, next_at_company)
    found: list[RuleFollowUp] = []
    for touch in rules.touches:
        if touch.direction is Direction.OUT and touch.kind is TouchKind.REQUEST:
            found += rules.after_request(touch)
    for interview in interviews:
        found += rules.for_interview(interview)
    found += rules.keep_in_touch()
    if contact.archived or contact.stage in _CLOSED_STAGES:
        why = "the contact was archived" if contact.archived else f"marked {contact.stage}"
        found = [_closed(item, why) for item in found]
    return found


def next_contact_at_company(contact: Contact, colleagues: Iterable[Contact]) -> Contact | None:
    """Who to try next at ``contact``'s employer: a colleague (same company, letter case
    aside) not yet reached out to and not archived, the highest priority first."""
    company = contact.company.strip().casefold()
    if not company:
        return None
    return next_to_try(
        other
        for other in colleagues
        if other.id != contact.id and other.company.strip().casefold() == company
    )


def next_to_try(people: Iterable[Contact]) -> Contact | None:
    """Of ``people``, the one to reach out to next: not archived, not yet reached out to,
    the highest priority first (then by name)."""
    first = first_to_try(people, 1)
    return first[0] if first else None


def first_to_try(people: Iterable[Contact], count: int) -> list[Contact]:
    """The first ``count`` of ``people`` in the order :func:`next_to_try` picks them."""
    waiting = [
        person
        for person in people
        if not person.archived and person.stage in (Stage.PROSPECT, Stage.RESEARCHING)
    ]
    return heapq.nsmallest(
        count, waiting, key=lambda person: (-person.priority, person.name.casefold(), person.id)
    )


def _when(touch: Touch) -> tuple[str, str]:
    return touch.at, touch.id


def _closed(item: RuleFollowUp, why: str) -> RuleFollowUp:
    return item if item.closed_because is not None else replace(item, closed_because=why)


class _Rules:
    """The rules for one contact, with what they share worked out once."""

    def __init__(
        self,
        contact: Contact,
        touches: Sequence[Touch],
        settings: Settings,
        now: Timestamp,
        next_at_company: Contact | None,
    ) -> None:
        self.contact = contact
        self.touches = touches
        self.settings = settings
        self.now = now
        self.next_at_company = next_at_company
        self.zone = settings.home_timezone
        self.days = rule_days(settings)
        self.today = local_date(now, self.zone)

    # -- shared pieces -----------------------------------------------------------------

    def make(
        self,
        origin: str,
        rule: str,
        kind: FollowUpKind,
        due: Timestamp,
        reason: str,
        *,
        interview: Interview | None = None,
        closed_because: str | None = None,
    ) -> RuleFollowUp:
        return RuleFollowUp(
            origin=origin,
            rule=rule,
            kind=kind,
            contact_id=self.contact.id,
            due=due,
            reason=reason,
            interview_id=interview.id if interview is not None else None,
            closed_because=closed_because,
        )

    def morning(self, day: date) -> Timestamp:
        """The start of the user's working hours on ``day``, in their zone."""
        return at_local(day, self.settings.working_hours.start, self.zone)

    def day(self, timestamp: Timestamp) -> str:
        return short_day(local_date(timestamp, self.zone), self.today)

    def first_after(
        self, moment: Timestamp, *, direction: Direction, kinds: tuple[TouchKind, ...] = ()
    ) -> Touch | None:
        """The first touch after ``moment`` going ``direction`` (of one of ``kinds``)."""
        for touch in self.touches:
            later = touch.at > moment and touch.direction is direction
            if later and (not kinds or touch.kind in kinds):
                return touch
        return None

    # -- after an outreach request -----------------------------------------------------

    def after_request(self, request: Touch) -> list[RuleFollowUp]:
        preset = self.settings.follow_up_preset
        if preset not in ("3b7", "week-or-two"):
            return []
        sent = local_date(request.at, self.zone)
        asked = f"your request of {self.day(request.at)}"
        reply = self.first_after(request.at, direction=Direction.IN)
        replied = f"they replied on {self.day(reply.at)}" if reply is not None else None
        follow_up = self.first_after(
            request.at, direction=Direction.OUT, kinds=(TouchKind.FOLLOW_UP, TouchKind.REQUEST)
        )
        followed = f"you followed up on {self.day(follow_up.at)}" if follow_up else None
        found: list[RuleFollowUp] = []
        if preset == "3b7":
            business = {
                "country": self.settings.holiday_country,
                "subdivision": self.settings.holiday_subdivision,
            }
            company = self.contact.company.strip()
            if company:
                colleague = self.next_at_company
                who = f", {colleague.name}" if colleague is not None else ""
                found.append(
                    self.make(
                        f"3b7:try-next:{request.id}",
                        "3b7",
                        FollowUpKind.TRY_NEXT,
                        self.morning(add_business_days(sent, self.days["try_next"], **business)),
                        f"No reply yet to {asked}: try the next contact at {company}{who}",
                        closed_because=replied,
                    )
                )
            found.append(
                self.make(
                    f"3b7:follow-up:{request.id}",
                    "3b7",
                    FollowUpKind.NO_REPLY,
                    self.morning(add_business_days(sent, self.days["follow_up"], **business)),
                    f"No reply yet to {asked}: send one follow-up",
                    closed_because=replied or followed,
                )
            )
            return found
        first = sent + timedelta(days=self.days["no_reply"])
        found.append(
            self.make(
                f"week-or-two:follow-up:{request.id}",
                "week-or-two",
                FollowUpKind.NO_REPLY,
                self.morning(first),
                f"No reply in {self.days['no_reply']} days to {asked}: follow up once",
                closed_because=replied or followed,
            )
        )
        gave_up = self.contact.stage is Stage.NO_RESPONSE
        found.append(
            self.make(
                f"week-or-two:no-response:{request.id}",
                "week-or-two",
                FollowUpKind.CUSTOM,
                self.morning(first + timedelta(days=self.days["no_response"])),
                f"Still no reply to {asked}: mark {self.contact.name} as no response",
                closed_because=replied or ("marked no response" if gave_up else None),
            )
        )
        return found

    # -- interviews ----------------------------------------------------------------------

    def for_interview(self, interview: Interview) -> list[RuleFollowUp]:
        status = interview.status
        starts = local_date(interview.starts_at, self.zone)
        when = day_and_time(to_local(interview.starts_at, self.zone))
        confirmed = _CONFIRM_CLOSED.get(status)
        if confirmed is None and interview.starts_at <= self.now:
            confirmed = "the interview time has passed"
        found = [
            self.make(
                f"confirm:{interview.id}",
                "confirm",
                FollowUpKind.CONFIRM,
                self.morning(starts - timedelta(days=self.days["confirm"])),
                f"Interview on {when} (your time): confirm the time, the place and your "
                "phone number",
                interview=interview,
                closed_because=confirmed,
            )
        ]
        if status is InterviewStatus.DONE:
            ended = interview_end(interview)
            held = local_date(ended, self.zone)
            thanks = self.first_after(
                interview.starts_at, direction=Direction.OUT, kinds=(TouchKind.THANK_YOU,)
            )
            found.append(
                self.make(
                    f"thank-you:{interview.id}",
                    "thank-you",
                    FollowUpKind.THANK_YOU,
                    at_local(held, END_OF_DAY, self.zone),
                    f"Interview held on {self.day(ended)}: send a thank-you the same day, "
                    "naming what helped",
                    interview=interview,
                    closed_because=f"you thanked them on {self.day(thanks.at)}" if thanks else None,
                )
            )
            found += self.promises(interview, held)
        return found

    def promises(self, interview: Interview, held: date) -> list[RuleFollowUp]:
        found = []
        for line in tagged_lines(interview.notes, NoteTag.PROMISE):
            named = date_named_in(line, held)
            due = named or held + timedelta(days=self.days["promise"])
            digest = hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            found.append(
                self.make(
                    f"promise:{interview.id}:{digest}",
                    "promise",
                    FollowUpKind.PROMISE,
                    self.morning(due),
                    f"You promised in the interview of {self.day(interview.starts_at)}: {line}",
                    interview=interview,
                )
            )
        return found

    # -- keeping in touch ----------------------------------------------------------------

    def keep_in_touch(self) -> list[RuleFollowUp]:
        cadence = self.contact.keep_in_touch_days
        if cadence is None:
            cadence = self.settings.keep_in_touch_days
        talked = self.contact.stage in _TALKED_STAGES or any(
            touch.direction is Direction.IN for touch in self.touches
        )
        if not self.touches or not talked:
            return []
        last = self.touches[-1]
        found = []
        for earlier in self.touches[:-1]:
            found.append(
                self._keep(earlier, cadence, closed=f"in touch again on {self.day(last.at)}")
            )
        closed = "keep-in-touch is off for this contact" if cadence <= 0 else None
        found.append(self._keep(last, cadence, closed=closed))
        return found

    def _keep(self, touch: Touch, cadence: int, *, closed: str | None) -> RuleFollowUp:
        due = local_date(touch.at, self.zone) + timedelta(days=max(cadence, 0))
        return self.make(
            f"keep-in-touch:{touch.id}",
            "keep-in-touch",
            FollowUpKind.KEEP_IN_TOUCH,
            self.morning(due),
            f"Last in touch on {self.day(touch.at)}: keep in touch (every {cadence} days)",
            closed_because=closed,
        )
