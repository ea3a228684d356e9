"""Outreach templates: YAML files, one template each, filled from a contact, the person who
introduced them, your settings and your notes of the last talk, without evaluating anything.

The shipped templates live in ``templates/`` (see ``informterm.paths.shipped_dir``); a file
of the same name in the ``templates/`` folder beside config.yaml replaces a shipped one, and
other files there add templates. A template file looks like the shipped ones::

    label: Outreach request (email)     # required: the picker's name for it
    kind: request                       # required: the touch it is when sent
    channel: email                      # required: email, message, phone, letter, ...
    fits: [outreach]                    # optional: offered first for these
    order: 10                           # optional: place in the picker (default 100)
    subject: Your advice on $target_field   # optional: only messages with a subject
    body: |                             # required
      Dear $first_name, ...

Placeholders are ``$name`` or ``${name}`` (``$$`` is a dollar sign), filled in one pass from
a dict of plain strings, so a value that holds ``$`` or anything else is never read as a
placeholder or as code. A placeholder with no value, or one nobody knows, stays as typed and
is reported, so a draft never silently reads "Dear ,".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from informterm.core.model import (
    Channel,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    Interview,
    Medium,
    NoteTag,
    Settings,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.notes import tagged_lines
from informterm.core.shipped import ShippedFileError, data_dirs, load_overridable
from informterm.yaml_reader import ConfigError, ConfigProblem, YamlDocument, read_yaml

OUTREACH = "outreach"
"""The situation of a message that starts from a contact rather than a follow-up."""

SITUATIONS = (OUTREACH, *(kind.value for kind in FollowUpKind))
"""What a template may say it ``fits``: an outreach, or a follow-up's kind."""

SENT_KINDS = tuple(kind for kind in TouchKind if kind is not TouchKind.REPLY)
"""The touch kinds a template may stand for: a reply is what they send."""

LINTED_KINDS = (TouchKind.REQUEST, TouchKind.FOLLOW_UP)
"""The kinds of message the request checks apply to."""

TEMPLATE_KEYS = ("label", "kind", "channel", "fits", "order", "subject", "body")
"""Every key a template file may have."""
REQUIRED_KEYS = ("label", "kind", "channel", "body")
DEFAULT_ORDER = 100

SUBJECT_PREFIX = "Subject: "
"""How a message's subject line starts when it is copied or kept as a draft."""


@dataclass(frozen=True, slots=True)
class Template:
    """One outreach template, as read from its file."""

    id: str
    """The file's name without its suffix: a user's file of the same name replaces it."""
    label: str
    kind: TouchKind
    channel: Channel
    body: str
    subject: str | None = None
    """None: the message has no subject line (a note, a script, a card)."""
    fits: tuple[str, ...] = ()
    order: int = DEFAULT_ORDER
    path: Path | None = field(default=None, compare=False)

    @property
    def is_request(self) -> bool:
        """Whether the request checks (the linter) apply to it."""
        return self.kind in LINTED_KINDS

    @property
    def is_linkedin_note(self) -> bool:
        """Whether it is a LinkedIn connection note, which has a character budget."""
        return self.channel is Channel.MESSAGE


class TemplateError(ShippedFileError):
    """A template file that cannot be used; the message names the file and every problem."""

    WHAT = "Template"


# -- reading ------------------------------------------------------------------------------


def template_dirs(config_dir: Path) -> list[Path]:
    """Where templates come from, in override order: shipped, then the user's own
    ``templates`` folder in ``config_dir`` (the folder of config.yaml)."""
    return data_dirs("templates", config_dir)


def load_templates(dirs: Iterable[Path]) -> tuple[list[Template], list[str]]:
    """Every usable template in ``dirs``, in the picker's order, and one message per file
    that was skipped.

    A file in a later folder replaces the one of the same name from an earlier folder; when
    it cannot be used, the earlier one stays and the message says so. Missing folders are
    fine.
    """
    found, errors = load_overridable(
        dirs, load_template_file, TemplateError, lambda kept: repr(kept.label)
    )
    return sorted(found.values(), key=_picker_order), errors


def load_template_file(path: Path) -> Template:
    """The template in one YAML file; raises TemplateError naming the file and problems."""
    try:
        document = read_yaml(path)
    except ConfigError as error:
        raise TemplateError(path, error.problems) from None
    return template_from_document(document, path.stem)


def template_from_document(document: YamlDocument, template_id: str) -> Template:
    """Validate a parsed template file into a Template (raises TemplateError)."""
    data = document.data
    path = document.path
    if data is None:
        raise TemplateError(path, [ConfigProblem("the file is empty")])
    if not isinstance(data, dict):
        message = "expected a mapping of template keys (label, kind, channel, body, ...)"
        raise TemplateError(path, [ConfigProblem(message, line=document.first_line)])
    problems: list[ConfigProblem] = list(document.duplicates)

    def problem(key: str, message: str) -> None:
        problems.append(ConfigProblem(message, key=key, line=document.line(key)))

    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in TEMPLATE_KEYS:
            problem(key, "unknown key" + _did_you_mean(key, TEMPLATE_KEYS))
        elif key in ("label", "subject", "body"):
            text = value if isinstance(value, str) else document.plain_text(key)
            if text is None or isinstance(value, list | dict):
                problem(key, "expected text")
            elif key != "body" and "\n" in text.strip():
                problem(key, "expected one line of text")
            elif key != "subject" and not text.strip():
                problem(key, "must not be empty")
            else:
                values[key] = text.strip() if key != "body" else text.strip("\n")
        elif key == "kind":
            chosen = _member(value, SENT_KINDS)
            if chosen is None:
                problem(key, f"expected one of: {', '.join(k.value for k in SENT_KINDS)}")
            else:
                values[key] = chosen
        elif key == "channel":
            channel = _member(value, tuple(Channel))
            if channel is None:
                problem(key, f"expected one of: {', '.join(c.value for c in Channel)}")
            else:
                values[key] = channel
        elif key == "fits":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                problem(key, f"expected a list of: {', '.join(SITUATIONS)}")
                continue
            unknown = [item for item in items if item.strip().lower() not in SITUATIONS]
            if unknown:
                problem(
                    key,
                    f"{unknown[0]!r} is not a situation"
                    + _did_you_mean(unknown[0], SITUATIONS, listing="situations"),
                )
            else:
                values[key] = tuple(dict.fromkeys(item.strip().lower() for item in items))
        elif key == "order":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9999:
                problem(key, "expected a whole number from 0 to 9999")
            else:
                values[key] = value
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.append(ConfigProblem(f"the required key {key!r} is missing"))
    if problems:
        raise TemplateError(path, problems)
    return Template(id=template_id, path=path, **values)


def _member(value: Any, members: tuple[Any, ...]) -> Any:
    if not isinstance(value, str):
        return None
    folded = value.strip().lower()
    return next((member for member in members if member.value == folded), None)


def _did_you_mean(word: str, known: Iterable[str], *, listing: str = "keys") -> str:
    names = tuple(known)
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known {listing}: {', '.join(names)}"


def _picker_order(template: Template) -> tuple[int, str, str]:
    return (template.order, template.label.lower(), template.id)


# -- which template fits ------------------------------------------------------------------


def situation_of(follow_up: FollowUp | None) -> str:
    """What a message is for: an outreach, or the kind of the follow-up it answers."""
    return OUTREACH if follow_up is None else follow_up.kind.value


def ordered_for(templates: Iterable[Template], situation: str) -> list[Template]:
    """The templates as the picker offers them for ``situation``: those that fit it first,
    each group in the picker's order."""
    listed = sorted(templates, key=_picker_order)
    return [t for t in listed if situation in t.fits] + [
        t for t in listed if situation not in t.fits
    ]


SIMILAR_ENOUGH = 0.6
"""How alike a draft and a template's filling must be for the draft to count as made
from it (difflib's ratio: 1.0 is the same text)."""


def closest_template(
    templates: Iterable[Template], draft: str, values: Mapping[str, str]
) -> int | None:
    """The index in ``templates`` of the one whose filling reads most like ``draft`` (a
    draft kept from before, whose template was not recorded); None when none is
    :data:`SIMILAR_ENOUGH`."""
    best, best_ratio = None, 0.0
    for index, template in enumerate(templates):
        filled = message_text(
            fill(template.subject, values).text if template.subject is not None else None,
            fill(template.body, values).text,
        )
        ratio = difflib.SequenceMatcher(None, filled, draft, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = index, ratio
    return best if best_ratio >= SIMILAR_ENOUGH else None


# -- filling ------------------------------------------------------------------------------

PLACEHOLDER_PATTERN = re.compile(
    r"\$(?:(?P<dollar>\$)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\})"
)
"""``$$``, ``$name`` or ``${name}``, as ``string.Template`` reads them."""

PLACEHOLDERS = {
    "name": "the contact's name",
    "first_name": "the first word of the contact's name",
    "title": "their title",
    "company": "their company",
    "field": "their field",
    "referrer": "who introduced you to them (their referred-by contact)",
    "referrer_first_name": "the first word of that person's name",
    "your_name": "your_name in config.yaml",
    "pitch": "pitch in config.yaml",
    "target_field": "target_field in config.yaml",
    "contact_line": "contact_line in config.yaml: how to reach you",
    "thanks": "the #thanks lines of your notes of their latest interview",
    "advice": "the #advice lines of your notes of their latest interview",
    "meeting_time": "the time of your next interview with them, in their time zone",
    "meeting_place": "where or how you meet: by phone, by video, at a place",
    "reason": "why you chose them, in your own words (never filled in)",
    "news": "what you have to tell them, in your own words (never filled in)",
}
"""Every placeholder informterm fills, and what it holds."""

YOURS_TO_WRITE = frozenset({"reason", "news"})
"""Placeholders that only you can fill: left for you to replace."""

_NOT_CONFIGURED = "not set in your config.yaml (your_name, pitch, target_field, contact_line)"


@dataclass(frozen=True, slots=True)
class Filled:
    """A template text with its placeholders filled."""

    text: str
    unknown: tuple[str, ...] = ()
    """Placeholders nobody knows, left as typed."""
    empty: tuple[str, ...] = ()
    """Known placeholders with no value (or yours to write), left as typed."""


def fill(text: str, values: Mapping[str, str]) -> Filled:
    """``text`` with every ``$name`` or ``${name}`` that has a non-empty value in ``values``
    replaced by it, in one pass (a value is never read again), and ``$$`` by ``$``.

    A name not in ``values`` is left as typed and listed as unknown; one whose value is
    empty is left as typed and listed as empty. Nothing is evaluated.
    """
    unknown: dict[str, None] = {}
    empty: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        if match["dollar"]:
            return "$"
        name = match["name"] or match["braced"]
        if name not in values:
            unknown[name] = None
            return match[0]
        value = values[name]
        if not value:
            empty[name] = None
            return match[0]
        return value

    filled = PLACEHOLDER_PATTERN.sub(replace, text)
    return Filled(filled, tuple(unknown), tuple(empty))


def placeholders_in(text: str) -> list[str]:
    """The placeholder names still in ``text`` (``$$`` is not one), each once, in order."""
    names: dict[str, None] = {}
    for match in PLACEHOLDER_PATTERN.finditer(text):
        name = match["name"] or match["braced"]
        if name:
            names[name] = None
    return list(names)


@dataclass(frozen=True, slots=True)
class Values:
    """What the placeholders hold for one message, and why any of them holds nothing."""

    values: dict[str, str]
    why_empty: dict[str, str]

    def explain(self, name: str) -> str:
        """Why ``name`` is still in the text, as a phrase for a list under the editor."""
        if name not in self.values:
            return "not a placeholder informterm knows: replace it, or fix its name"
        return self.why_empty.get(name, f"{PLACEHOLDERS.get(name, name)}: replace it")


def placeholder_values(
    contact: Contact,
    settings: Settings,
    *,
    referrer: Contact | None = None,
    held: Interview | None = None,
    upcoming: Interview | None = None,
) -> Values:
    """The placeholders' values for a message to ``contact``: ``referrer`` is who
    introduced them, ``held`` the interview whose #thanks and #advice lines to use (their
    latest done one) and ``upcoming`` the next one (for a confirmation). Values are the
    texts as stored; showing them safely is the screen's business."""
    name = contact.name.strip()
    notes = held.notes if held is not None else ""
    values = {
        "name": name,
        "first_name": _first_name(name),
        "title": contact.title.strip(),
        "company": contact.company.strip(),
        "field": contact.field.strip(),
        "referrer": referrer.name.strip() if referrer else "",
        "referrer_first_name": _first_name(referrer.name) if referrer else "",
        "your_name": settings.your_name.strip(),
        "pitch": " ".join(settings.pitch.split()),
        "target_field": settings.target_field.strip(),
        "contact_line": settings.contact_line.strip(),
        "thanks": _as_sentences(tagged_lines(notes, NoteTag.THANKS)),
        "advice": _as_sentences(tagged_lines(notes, NoteTag.ADVICE)),
        "meeting_time": _meeting_time(upcoming),
        "meeting_place": _meeting_place(upcoming),
        "reason": "",
        "news": "",
    }
    who = name or "this contact"
    why = {
        "title": f"{who} has no title recorded",
        "company": f"{who} has no company recorded",
        "field": f"{who} has no field recorded",
        "referrer": f"nobody is recorded as introducing you to {who}: say how you found them",
        "referrer_first_name": f"nobody is recorded as introducing you to {who}",
        "your_name": _NOT_CONFIGURED,
        "pitch": _NOT_CONFIGURED,
        "target_field": _NOT_CONFIGURED,
        "contact_line": _NOT_CONFIGURED,
        "meeting_time": f"no upcoming interview with {who}",
        "meeting_place": f"no upcoming interview with {who}",
        "reason": "why you chose them (a talk, an article, their path): only you can say",
        "news": "what you have to tell them: only you can say",
    }
    for tag in ("thanks", "advice"):
        why[tag] = (
            f"no interview with {who} is done yet"
            if held is None
            else f"no #{tag} line in your notes of the interview with {who}"
        )
    return Values(values, {key: text for key, text in why.items() if not values.get(key)})


def _first_name(name: str) -> str:
    words = name.split()
    return words[0] if words else ""


def _as_sentences(lines: list[str]) -> str:
    """Note lines as running text: each starts and ends as a sentence does."""
    sentences = (line[:1].upper() + line[1:] for line in lines)
    return " ".join(s if s[-1] in ".!?…" else f"{s}." for s in sentences)


def _meeting_time(interview: Interview | None) -> str:
    if interview is None:
        return ""
    from informterm.core.time import day_and_time, local_time

    moment = local_time(interview.starts_at, interview.timezone)
    if moment is None:
        return ""
    return f"{day_and_time(moment)} your time ({interview.duration_minutes} minutes)"


def _meeting_place(interview: Interview | None) -> str:
    if interview is None:
        return ""
    place = " ".join(interview.place.split())
    if interview.medium is Medium.PHONE:
        return f"by phone ({place})" if place else "by phone"
    if interview.medium is Medium.VIDEO:
        return f"by video at {place}" if place else "by video"
    return f"at {place}" if place else "in person"


# -- the message as sent ------------------------------------------------------------------


def message_text(subject: str | None, body: str) -> str:
    """A message as copied and kept as a draft: a subject line (when it has one), a blank
    line and the body."""
    if subject is None or not subject.strip():
        return body
    return f"{SUBJECT_PREFIX}{subject.strip()}\n\n{body}"


def split_message(text: str) -> tuple[str | None, str]:
    """The subject (None without a subject line) and the body of :func:`message_text`."""
    first, newline, rest = text.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        return None, text
    return first[len(SUBJECT_PREFIX) :].strip(), rest.lstrip("\n") if newline else ""


def sent_touch(
    template: Template, contact_id: str, now: Timestamp, subject: str | None = None
) -> Touch:
    """The touch that sending a message made from ``template`` is: its kind and channel,
    out, now, summed up by the template's name and the subject."""
    summary = template.label
    if subject and subject.strip():
        summary = f"{summary}: {' '.join(subject.split())}"
    return Touch(
        contact_id=contact_id,
        at=now,
        channel=template.channel,
        direction=Direction.OUT,
        kind=template.kind,
        summary=summary,
    )
