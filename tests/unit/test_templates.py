"""Outreach templates: the shipped ones load and fit their situations, a user's file of the
same name replaces one (a bad one is skipped, naming the file, and the shipped one stays),
and filling never evaluates anything: names that look like markup or placeholders go in as
they are, unknown placeholders stay visible and are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.core.linter import lint
from informterm.core.model import (
    Channel,
    Contact,
    FollowUp,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
    TouchKind,
)
from informterm.core.templates import (
    OUTREACH,
    PLACEHOLDERS,
    Template,
    TemplateError,
    closest_template,
    fill,
    load_template_file,
    load_templates,
    message_text,
    ordered_for,
    placeholder_values,
    placeholders_in,
    sent_touch,
    situation_of,
    split_message,
    template_dirs,
)
from informterm.paths import shipped_dir
from tests.conftest import yaml_bomb

ANN = Contact(
    id="c-ann",
    name="Ann [/] Lee",
    title="UX Research Lead",
    company="Northwind [Labs]",
    field="UX research",
)
BOB = Contact(id="c-bob", name="[bold]Bob", company="[link=https://x.example]Initech")
SETTINGS = Settings(
    your_name="Sam Rivera",
    pitch="I taught science for eight years\n and I am moving into UX research.",
    target_field="UX research",
    contact_line="sam@example.com · +1 312 555 0101",
)
NOTES = (
    "[00:04] #lead talk to [link=x]y at Initech\n"
    "[00:10] #advice keep the portfolio to three case studies\n"
    "[00:12] #Advice #thanks show the messy middle!\n"
    "[00:20] #thanks she stayed past her break"
)
HELD = Interview(
    contact_id=ANN.id,
    starts_at="2026-11-20T16:00:00Z",
    status=InterviewStatus.DONE,
    notes=NOTES,
)
UPCOMING = Interview(
    contact_id=ANN.id,
    starts_at="2026-11-25T15:00:00Z",
    timezone="America/New_York",
    medium=Medium.VIDEO,
    place="https://meet.example/ann-[lee]",
)


def shipped() -> list[Template]:
    templates, errors = load_templates([shipped_dir("templates")])
    assert errors == []
    return templates


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "label: Mine\nkind: request\nchannel: email\nbody: Hi $first_name\n"


# -- the shipped templates ----------------------------------------------------------------


def test_every_template_the_issue_names_is_shipped() -> None:
    by_id = {template.id: template for template in shipped()}
    expected = {
        "request-email": (TouchKind.REQUEST, Channel.EMAIL),
        "request-linkedin": (TouchKind.REQUEST, Channel.MESSAGE),
        "request-phone": (TouchKind.REQUEST, Channel.PHONE),
        "follow-up": (TouchKind.FOLLOW_UP, Channel.EMAIL),
        "thank-you-email": (TouchKind.THANK_YOU, Channel.EMAIL),
        "thank-you-card": (TouchKind.THANK_YOU, Channel.LETTER),
        "thank-you-letter": (TouchKind.THANK_YOU, Channel.LETTER),
        "share-news": (TouchKind.UPDATE, Channel.EMAIL),
        "confirm": (TouchKind.OTHER, Channel.EMAIL),
        "keep-in-touch": (TouchKind.UPDATE, Channel.EMAIL),
        "note": (TouchKind.UPDATE, Channel.EMAIL),
    }
    assert {key: (t.kind, t.channel) for key, t in by_id.items()} == expected
    # Emails have a subject line; a note, a script, a card and a letter do not.
    assert {key for key, t in by_id.items() if t.subject is not None} == {
        key for key, (_, channel) in expected.items() if channel is Channel.EMAIL
    }


def test_the_shipped_templates_use_only_known_placeholders() -> None:
    for template in shipped():
        used = placeholders_in(f"{template.subject}\n{template.body}")
        assert set(used) <= set(PLACEHOLDERS), template.id


@pytest.mark.parametrize(
    ("kind", "first"),
    [
        (None, "request-email"),
        (FollowUpKind.THANK_YOU, "thank-you-email"),
        (FollowUpKind.NO_REPLY, "follow-up"),
        (FollowUpKind.CONFIRM, "confirm"),
        (FollowUpKind.SHARE_NEWS, "share-news"),
        (FollowUpKind.KEEP_IN_TOUCH, "keep-in-touch"),
        (FollowUpKind.PROMISE, "note"),
        (FollowUpKind.CUSTOM, "note"),
    ],
)
def test_the_template_that_fits_comes_first(kind: FollowUpKind | None, first: str) -> None:
    follow_up = (
        None if kind is None else FollowUp(contact_id=ANN.id, due="2026-11-24T09:00:00Z", kind=kind)
    )
    ordered = ordered_for(shipped(), situation_of(follow_up))
    assert ordered[0].id == first
    assert len(ordered) == len(shipped())  # the others are still offered, after


def test_the_three_thank_yous_come_email_card_letter() -> None:
    ids = [t.id for t in ordered_for(shipped(), FollowUpKind.THANK_YOU.value)][:3]
    assert ids == ["thank-you-email", "thank-you-card", "thank-you-letter"]
    outreach = [t.id for t in ordered_for(shipped(), OUTREACH)][:3]
    assert outreach == ["request-email", "request-linkedin", "request-phone"]


def test_the_shipped_requests_pass_their_own_checks_once_the_reason_is_written() -> None:
    values = placeholder_values(ANN, SETTINGS, referrer=BOB).values
    values["reason"] = "your move from teaching into research is the path I hope to take"
    for template in shipped():
        if template.is_request:
            body = fill(template.body, values).text
            subject = fill(template.subject or "", values).text
            for preset in ("6-point", "5-point"):
                findings = lint(
                    body,
                    preset,
                    subject=subject,
                    referrer_name=BOB.name,
                    linkedin_note=template.is_linkedin_note,
                )
                assert findings == [], (template.id, preset, findings)


# -- the user's templates -----------------------------------------------------------------


def test_a_users_file_of_the_same_name_replaces_the_shipped_one(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    write(user, "request-email.yaml", GOOD.replace("Mine", "My own request"))
    write(user, "extra.yml", GOOD.replace("Mine", "An extra one"))
    templates, errors = load_templates(template_dirs(tmp_path))
    assert errors == []
    by_id = {template.id: template for template in templates}
    assert by_id["request-email"].label == "My own request"
    assert by_id["request-email"].path == user / "request-email.yaml"
    assert by_id["extra"].label == "An extra one"
    assert len(templates) == len(shipped()) + 1


def test_a_bad_users_file_names_the_file_and_keeps_the_shipped_one(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    path = write(
        user,
        "thank-you-email.yaml",
        "label: Mine\nkind: thanks\nchanel: email\nbody: ''\nfits: [thank you]\n",
    )
    templates, errors = load_templates(template_dirs(tmp_path))
    [error] = errors
    assert error.startswith(f"Template file {path} was skipped: ")
    assert "line 2: kind: expected one of: intro, request, follow-up, thank-you" in error
    assert "line 3: chanel: unknown key; did you mean 'channel'?" in error
    assert "line 4: body: must not be empty" in error
    assert "line 5: fits: 'thank you' is not a situation; did you mean 'thank-you'?" in error
    assert "the required key 'channel' is missing" in error
    assert "Using the shipped 'Thank-you (email)' instead." in error
    kept = {t.id: t for t in templates}["thank-you-email"]
    assert kept.label == "Thank-you (email)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("- a list\n", "expected a mapping of template keys"),
        ("label: [x\n", "invalid YAML"),
        (yaml_bomb(9), "aliases"),
        (GOOD + "order: many\n", "order: expected a whole number"),
        (GOOD + "label: Twice\n", "appears twice"),
        (GOOD.replace("label: Mine", "label: |\n  two\n  lines"), "expected one line of text"),
    ],
)
def test_bad_template_files_are_refused_with_the_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, "mine.yaml", text)
    with pytest.raises(TemplateError) as caught:
        load_template_file(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_a_template_file_is_read_as_data_never_run(tmp_path: Path) -> None:
    path = write(tmp_path, "evil.yaml", GOOD + "subject: !!python/object/apply:os.system [echo]\n")
    with pytest.raises(TemplateError, match=r"evil\.yaml"):
        load_template_file(path)


def test_two_files_of_one_name_in_a_folder_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", GOOD)
    write(tmp_path, "mine.yml", GOOD.replace("Mine", "Other"))
    templates, errors = load_templates([tmp_path])
    assert [t.label for t in templates] == ["Mine"]
    assert "mine.yml was skipped: mine.yaml has the same name" in errors[0]


def test_missing_folders_give_no_templates_and_no_errors(tmp_path: Path) -> None:
    assert load_templates([tmp_path / "none"]) == ([], [])


# -- filling ------------------------------------------------------------------------------


def test_values_come_from_the_contact_the_referrer_your_settings_and_your_notes() -> None:
    values = placeholder_values(ANN, SETTINGS, referrer=BOB, held=HELD, upcoming=UPCOMING).values
    assert values["name"] == "Ann [/] Lee"
    assert values["first_name"] == "Ann"
    assert values["company"] == "Northwind [Labs]"
    assert values["referrer"] == "[bold]Bob"
    assert values["referrer_first_name"] == "[bold]Bob"
    assert values["pitch"] == "I taught science for eight years and I am moving into UX research."
    assert values["contact_line"] == "sam@example.com · +1 312 555 0101"
    # Tags and call times are taken out; each line reads as a sentence.
    assert values["advice"] == "Keep the portfolio to three case studies. Show the messy middle!"
    assert values["thanks"] == "Show the messy middle! She stayed past her break."
    assert values["meeting_time"] == "Wed 25 Nov 10:00 your time (30 minutes)"
    assert values["meeting_place"] == "by video at https://meet.example/ann-[lee]"
    assert values["reason"] == ""


def test_markup_laden_names_go_in_exactly_as_typed() -> None:
    values = placeholder_values(BOB, SETTINGS, referrer=ANN).values
    filled = fill("Dear $first_name at ${company}, $referrer sent me.", values)
    assert filled.text == "Dear [bold]Bob at [link=https://x.example]Initech, Ann [/] Lee sent me."
    assert filled.unknown == () and filled.empty == ()


def test_a_value_is_never_read_as_a_placeholder_or_as_code() -> None:
    sneaky = Contact(name="$your_name {0.__class__} ${pitch} %(x)s")
    values = placeholder_values(sneaky, SETTINGS).values
    filled = fill("Dear $name, from $your_name", values)
    assert filled.text == "Dear $your_name {0.__class__} ${pitch} %(x)s, from Sam Rivera"


def test_unknown_and_empty_placeholders_stay_visible_and_are_reported() -> None:
    values = placeholder_values(Contact(name="Dana"), Settings()).values
    filled = fill(
        "Hi $first_name, $referrer sent me; $favourite_colour. ${title} costs $$5", values
    )
    assert filled.text == "Hi Dana, $referrer sent me; $favourite_colour. ${title} costs $5"
    assert filled.unknown == ("favourite_colour",)
    assert filled.empty == ("referrer", "title")


def test_each_empty_placeholder_says_why() -> None:
    values = placeholder_values(Contact(name="Dana"), Settings(), held=None)
    assert "nobody is recorded as introducing you to Dana" in values.explain("referrer")
    assert values.explain("advice") == "no interview with Dana is done yet"
    assert values.explain("contact_line").startswith("not set in your config.yaml")
    assert values.explain("your_name") == values.explain("contact_line")  # listed as one
    assert "only you can say" in values.explain("reason")
    assert values.explain("colour").startswith("not a placeholder informterm knows")
    with_notes = placeholder_values(
        Contact(name="Dana"),
        Settings(),
        held=HELD.__class__(contact_id="x", starts_at="2026-11-20T16:00:00Z", notes="no tags here"),
    )
    assert (
        with_notes.explain("thanks") == "no #thanks line in your notes of the interview with Dana"
    )


def test_placeholders_in_finds_what_is_left() -> None:
    assert placeholders_in("$a and ${b} and $$c and $a and $1") == ["a", "b"]


# -- the message ----------------------------------------------------------------------------


def test_a_message_with_a_subject_reads_back() -> None:
    text = message_text("Hello [bold]there", "Body\n\nSubject: not a subject")
    assert text == "Subject: Hello [bold]there\n\nBody\n\nSubject: not a subject"
    assert split_message(text) == ("Hello [bold]there", "Body\n\nSubject: not a subject")
    assert split_message("Just a note") == (None, "Just a note")
    assert message_text(None, "Just a note") == "Just a note"


def test_the_closest_template_to_a_kept_draft_is_found() -> None:
    templates = ordered_for(shipped(), FollowUpKind.THANK_YOU.value)
    values = placeholder_values(ANN, SETTINGS, held=HELD).values
    card = next(t for t in templates if t.id == "thank-you-card")
    draft = fill(card.body, values).text.replace("Warmly", "Warm wishes")
    at = closest_template(templates, draft, values)
    assert at is not None and templates[at].id == "thank-you-card"
    # A draft like none of them was not made from one.
    assert closest_template(templates, "Hi Ann, the link: https://x.example", values) is None


def test_the_touch_sent_is_the_templates_kind_and_channel() -> None:
    card = next(t for t in shipped() if t.id == "thank-you-card")
    touch = sent_touch(card, ANN.id, "2026-11-24T14:00:00Z")
    assert (touch.kind, touch.channel, touch.direction.value) == (
        TouchKind.THANK_YOU,
        Channel.LETTER,
        "out",
    )
    assert touch.at == "2026-11-24T14:00:00Z" and touch.summary == "Thank-you (card)"
    email = next(t for t in shipped() if t.id == "request-email")
    assert sent_touch(email, ANN.id, "2026-11-24T14:00:00Z", "Hi  [b]there").summary == (
        "Outreach request (email): Hi [b]there"
    )
