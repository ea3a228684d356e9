"""The request linter: checks an outreach request (or its one follow-up) against the method
before it is sent, each finding a sentence saying what is wrong and why it matters.

Two presets from the sources: **6-point** (under 75 words, the connection or referrer named
first, one request that ends in "?", asking for advice rather than a job) and **5-point**
(under 100 words, no mention of jobs at all). Both add the method's own checks: the referrer
named when there is one, a specific reason for choosing this person, a short meeting asked
for in minutes, no job-seeking phrases, and a LinkedIn connection note within its budget.

The checks read words, not meaning: they look for the usual ways of saying each thing, so a
finding is a prompt to look again, never a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from informterm.core.model import LINTER_PRESETS

WORD_LIMITS = {"6-point": 75, "5-point": 100}
"""A preset's word limit: the request must be under it."""

LINKEDIN_NOTE_LIMIT = 300
LINKEDIN_FREE_NOTE_LIMIT = 200
LONGEST_SHORT_MEETING = 30
"""Minutes: asking for more than this is no longer asking for a short meeting."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the linter found: which check, and a sentence saying what and why."""

    check: str
    message: str


def lint(
    body: str,
    preset: str,
    *,
    subject: str = "",
    referrer_name: str | None = None,
    linkedin_note: bool = False,
    free_account: bool = False,
) -> list[Finding]:
    """What the ``preset`` ("6-point" or "5-point") and the method find wrong with a request
    whose text is ``body`` (and ``subject``, for an email). ``referrer_name`` is who
    introduced you, if anyone; ``linkedin_note``: it is a LinkedIn connection note, whose
    budget is smaller on a ``free_account``. An empty list: nothing found."""
    if preset not in LINTER_PRESETS:
        raise ValueError(f"unknown linter preset {preset!r}; choose one of {LINTER_PRESETS}")
    text = body.strip()
    opening = _first_sentence(text)
    findings: list[Finding] = []

    def found(check: str, message: str) -> None:
        findings.append(Finding(check, message))

    limit = WORD_LIMITS[preset]
    words = word_count(text)
    if words >= limit:
        found(
            "length",
            f"{words} words: keep it under {limit} ({preset}); a short request is read at "
            "once, on a phone, and answered.",
        )

    referrer = " ".join((referrer_name or "").split())
    if referrer:
        if not _names(text, referrer):
            found(
                "referrer",
                f"Does not name {referrer}, who introduced you: name them"
                + (" first" if preset == "6-point" else "")
                + "; a name they know is why they read on.",
            )
        elif preset == "6-point" and not _names(opening, referrer):
            found(
                "connection-first",
                f"Names {referrer}, but not first: open with who introduced you (6-point); "
                "the connection is why a stranger reads the rest.",
            )
    elif preset == "6-point" and not _CONNECTION.search(opening):
        found(
            "connection-first",
            "The first sentence does not say how you are connected (a school, an employer, "
            "an event or a person you share): say it first (6-point); it is why a stranger "
            "reads on.",
        )

    if preset == "6-point":
        questions = len(re.findall(r"\?+", text))
        if questions == 0:
            found(
                "one-question",
                'No question: make your request one question that ends in "?" ("Would you '
                'have 20 minutes ...?"); a question asks for an answer.',
            )
        elif questions > 1:
            found(
                "one-question",
                f"{questions} questions: ask one thing (6-point); each extra question makes "
                "answering more work.",
            )
        if not _ADVICE.search(text):
            found(
                "advice",
                "Does not ask for advice: ask for their advice or insight (6-point); people "
                "give advice gladly, and a job request puts them on the spot.",
            )
        asked = _quoted(_JOB_ASK.findall(text))
        if asked:
            found(
                "advice",
                f"Asks about a job ({asked}): ask for advice, not a job (6-point); a job "
                "request gets passed to HR or goes unanswered.",
            )
    else:
        mentions = _quoted(_JOB_WORD.findall(f"{subject}\n{text}"))
        if mentions:
            found(
                "no-jobs",
                f"Mentions jobs ({mentions}): leave jobs out entirely (5-point); any "
                "mention turns a request for insight into an application.",
            )

    seeking = _quoted(match[0] for match in _JOB_SEEKING.finditer(f"{subject}\n{text}"))
    if seeking:
        found(
            "job-seeking",
            f"Sounds like job seeking ({seeking}): leave it out; you are asking what they "
            "know, and they help most when nobody is asking them for a job.",
        )

    if not _REASON.search(text):
        found(
            "reason",
            "No specific reason for choosing them: say why them (their path into the field, "
            "a talk or an article of theirs, their team's work); it shows you did your "
            "homework, and makes it personal.",
        )

    minutes = asked_minutes(text)
    if minutes is None:
        found(
            "short-meeting",
            "Does not say how long: ask for a short meeting in minutes (20 or 30); a small, "
            "set amount of time is easy to say yes to.",
        )
    elif minutes > LONGEST_SHORT_MEETING:
        found(
            "short-meeting",
            f"Asks for {minutes} minutes: ask for {LONGEST_SHORT_MEETING} or less; a short "
            "meeting is easy to fit into a busy week.",
        )

    if linkedin_note:
        budget = LINKEDIN_FREE_NOTE_LIMIT if free_account else LINKEDIN_NOTE_LIMIT
        length = len(text)
        if length > budget:
            account = " on a free account" if free_account else ""
            found(
                "linkedin-length",
                f"{length} characters: a LinkedIn connection note holds at most {budget}"
                f"{account}; cut {length - budget}, or LinkedIn will not take it.",
            )
    return findings


# -- reading the text -----------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['\u2019.:\-][^\W_]+)*")
_GREETING = re.compile(
    r"(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?\u2026]+(?=[\s\"\u201d\u2019)\]]|$)")


def word_count(text: str) -> int:
    """The words in ``text``: runs of letters and digits; "don't", "e-mail" and "10:30" are
    one each."""
    return len(_WORD.findall(text))


def _first_sentence(text: str) -> str:
    """The first sentence after a greeting line ("Dear Ann," is not the opening)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and _GREETING.match(lines[0]) and word_count(lines[0]) <= 6:
        lines = lines[1:]
        rest = " ".join(lines)
    else:
        rest = " ".join(lines)
        # "Hi Ann, Bob suggested ...": a greeting on the first sentence's own line.
        greeting = re.match(r"(?:dear|hi|hello|hey)\b[^,!:]{0,40}[,!:]\s*", rest, re.IGNORECASE)
        if greeting:
            rest = rest[greeting.end() :]
    end = _SENTENCE_END.search(rest)
    return rest[: end.end()] if end else rest


def _names(text: str, name: str) -> bool:
    """Whether ``text`` names the person called ``name``: their full name or first name."""
    candidates = {name, name.split()[0]} if name.split() else {name}
    return any(
        re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", text, re.IGNORECASE)
        for candidate in candidates
    )


def _quoted(found: Iterable[str]) -> str:
    """Phrases found, each once in the order found, quoted and lower-cased."""
    phrases = dict.fromkeys(" ".join(phrase.lower().split()) for phrase in found)
    return ", ".join(f'"{phrase}"' for phrase in phrases)


_NUMBER_WORDS = {
    "five": 5,
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
_MINUTES = re.compile(
    r"\b(?P<number>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s*(?:-|\u2013|to|or)\s*(?P<upper>\d{1,3}))?[\s-]*(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
_HOURS = re.compile(r"\b(?:(?P<half>half[\s-]+an?|a\s+half)|an|one)[\s-]+hour\b")


def asked_minutes(text: str) -> int | None:
    """How many minutes ``text`` asks for ("20 minutes", "15-20 min", "half an hour", "an
    hour"): the most it names, or None when it names no length."""
    asked: list[int] = []
    for match in _MINUTES.finditer(text):
        number = match["number"].lower()
        asked.append(int(match["upper"] or _NUMBER_WORDS.get(number) or number))
    for match in _HOURS.finditer(text.lower()):
        asked.append(30 if match["half"] else 60)
    return max(asked) if asked else None


# The usual ways of saying each thing; word boundaries so "position" never matches in
# "compositions" and "hire" never in "hired help" by accident of spelling.
_CONNECTION = re.compile(
    r"\b(?:fellow|alum(?:na|nus|ni|nae)?|classmates?|colleagues?|met|meet|meeting|"
    r"suggested|recommended|referred|introduced|mentioned|mutual|connection|connected|"
    r"both|through|we share|heard (?:you|your)|saw (?:you|your)|read your|"
    r"your (?:talk|article|post|panel|presentation|book|podcast|session|workshop))\b",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"\b(?:advice|advise|insights?|perspectives?|guidance|suggestions?|tips|"
    r"learn(?:ing)? (?:from|about|how)|hear (?:about|how)|your (?:view|take|thoughts))\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|since you|as you|I (?:read|saw|heard|noticed|admire|admired|enjoyed)|"
    r"impressed|inspired|caught my (?:eye|attention)|"
    r"your (?:work|experience|path|career|move|switch|transition|talk|article|post|book|"
    r"research|team|project|role|story|background|journey|writing|panel|presentation|"
    r"podcast))\b",
    re.IGNORECASE,
)
_JOB_ASK = re.compile(
    r"\b(?:(?:a|any|the|new|open) jobs?|jobs? (?:at|with)|job (?:search|hunt|openings?|"
    r"offers?)|job[- ]hunting)\b",
    re.IGNORECASE,
)
_JOB_WORD = re.compile(r"\bjobs?\b", re.IGNORECASE)
_JOB_SEEKING = re.compile(
    r"\b(?:hir(?:e|es|ed|ing)|openings?|positions?(?! to\b)|vacanc(?:y|ies)|"
    r"my (?:resume|résumé|cv)|apply(?:ing)? (?:for|to)|"
    r"looking for (?:a |an )?(?:role|work|position|employment))\b",
    re.IGNORECASE,
)
