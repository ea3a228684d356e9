"""Holding a call: which interview it is, the clock (elapsed stamps, the countdown), lines
tagged by one key, and the name a ``#lead`` line gives a new contact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from informterm.core.model import Interview, NoteTag, Timestamp
from informterm.core.notes import STAMP_PATTERN, TAG_PATTERN


def _instant(timestamp: Timestamp) -> datetime | None:
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def seconds_between(start: Timestamp, end: Timestamp) -> int:
    """Whole seconds from ``start`` to ``end`` (0 when either cannot be read)."""
    first, last = _instant(start), _instant(end)
    if first is None or last is None:
        return 0
    return int((last - first).total_seconds())


def interview_to_hold(interviews: list[Interview], now: Timestamp) -> Interview | None:
    """The interview a call with this contact is: the one going on now (running over
    included), else the next one booked, else the latest booked one that was never marked
    held; None when none is proposed or confirmed."""
    moment = _instant(now)
    booked = [i for i in interviews if i.status.is_upcoming and _instant(i.starts_at)]
    if moment is None or not booked:
        return None

    def start(interview: Interview) -> datetime:
        found = _instant(interview.starts_at)
        assert found is not None
        return found

    started = [i for i in booked if start(i) <= moment]
    ahead = [i for i in booked if start(i) > moment]
    going_on = [i for i in started if start(i) + timedelta(minutes=i.duration_minutes) * 2 > moment]
    if going_on:
        return max(going_on, key=start)
    if ahead:
        return min(ahead, key=start)
    return max(started, key=start)


def clock(seconds: int) -> str:
    """Elapsed time as a call shows it: ``mm:ss``, or ``h:mm:ss`` from an hour on."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def stamp(seconds: int) -> str:
    """The stamp a new line of notes starts with: ``[mm:ss] ``."""
    return f"[{clock(seconds)}] "


@dataclass(frozen=True, slots=True)
class Countdown:
    """The agreed length against the time taken: ``12:34 left``, or ``+02:10 over``."""

    text: str
    over: bool


def countdown(elapsed_seconds: int, duration_minutes: int) -> Countdown:
    """How much of the agreed ``duration_minutes`` is left after ``elapsed_seconds``."""
    left = duration_minutes * 60 - elapsed_seconds
    if left >= 0:
        return Countdown(f"{clock(left)} left", over=False)
    return Countdown(f"+{clock(-left)} over", over=True)


_STAMP_AND_TAGS = re.compile(
    rf"^(?P<stamp>{STAMP_PATTERN.pattern[1:]} ?)?(?:\s*{TAG_PATTERN.pattern})*\s*$", re.IGNORECASE
)


def retagged(line: str, tag: NoteTag, new_stamp: str) -> str | None:
    """The line a tag key leaves in place of ``line`` when it has nothing written yet
    (empty, or only a stamp and tags: the tag is replaced, the stamp kept); None when the
    line has text, and the tag starts a new line (``new_stamp`` + the tag) after it."""
    found = _STAMP_AND_TAGS.match(line)
    if found is None:
        return None
    kept = found["stamp"] or new_stamp
    return f"{kept if kept.endswith(' ') else kept + ' '}{tag.value} "


# -- leads --------------------------------------------------------------------------------

_LEAD_IN = re.compile(
    r"^(?:(?:please\s+)?(?:talk|speak|write|reach\s+out|reach|e-?mail|call|ring|phone|meet|"
    r"contact|ask|ping|message|see|try|introduce\s+me|intro|introduction|connect)"
    r"(?:\s+(?:to|with))?\s+)+",
    re.IGNORECASE,
)
_TAIL = re.compile(
    "(?:^|\\s+)(?:about|re|regarding|for|who|because|since)\\s+|\\s+[-\u2013\u2014]\\s+|[,;:(]",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(r"\s+(?:at|from|of)\s+|\s*@\s*", re.IGNORECASE)
_PARTICLES = frozenset({"van", "von", "de", "da", "der", "den", "del", "di", "du", "la", "le"})


@dataclass(frozen=True, slots=True)
class LeadGuess:
    """Who a ``#lead`` line names, as a first guess for the contact form."""

    name: str
    company: str = ""


def guess_lead(line: str) -> LeadGuess:
    """The person (and their company) a ``#lead`` line names: "talk to Priya Shah at
    Globex about hiring" gives Priya Shah at Globex. Only a guess, made for the contact
    form, where it can be put right; never empty for a line with words."""
    text = " ".join(STAMP_PATTERN.sub("", TAG_PATTERN.sub("", line)).split())
    head = _TAIL.split(_LEAD_IN.sub("", text), maxsplit=1)[0].strip()
    parts = _EMPLOYER.split(head, maxsplit=1)
    who, employer = (parts[0], parts[1]) if len(parts) == 2 else (head, "")
    name = _last_capitalised_run(who) or who.strip(" .!?") or head or text
    company = _first_capitalised_run(employer) or employer.strip(" .!?")
    return LeadGuess(name[:80].strip(), company[:80].strip())


def _runs(text: str) -> list[str]:
    """Runs of capitalised words (with name particles between them), in order."""
    runs: list[list[str]] = [[]]
    for word in text.split():
        bare = word.strip(".,!?\"'")
        if bare[:1].isupper() or (runs[-1] and bare.lower() in _PARTICLES):
            runs[-1].append(bare)
        elif runs[-1]:
            runs.append([])
    cleaned = []
    for run in runs:
        while run and run[-1].lower() in _PARTICLES:
            run.pop()
        if run:
            cleaned.append(" ".join(run[:4]))
    return cleaned


def _last_capitalised_run(text: str) -> str:
    runs = _runs(text)
    return runs[-1] if runs else ""


def _first_capitalised_run(text: str) -> str:
    runs = _runs(text)
    return runs[0] if runs else ""
