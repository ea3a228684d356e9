"""The request linter on good and bad requests: each preset's own checks (6-point, 5-point),
the method's (the referrer named, a reason for choosing them, a short meeting, no
job-seeking phrases, a LinkedIn note's budget), and every finding saying what and why."""

from __future__ import annotations

import pytest

from informterm.core.linter import Finding, asked_minutes, lint, word_count

REFERRER = "Ann [/] Lee"

GOOD = """\
Dear Dana,

Ann [/] Lee suggested I write to you. I taught science for eight years and I am moving
into UX research. I chose you because your move from teaching into research ops is the
path I hope to take, and I would value your advice.

Would you have 20 minutes for a call?

Thank you,
Sam Rivera
sam@example.com
"""

BAD = """\
Hello,

My name is Sam and I am looking for a job in UX research. I saw that Initech is hiring
and I would love to apply for the open position on your team. I have attached my resume,
which shows my eight years of experience in teaching, curriculum design, lab safety,
parent communication, and data collection for district-wide assessments every single
spring semester, plus coaching the robotics club, running the science fair and mentoring
new teachers in my department for three years. Could you refer me? Can we meet for an
hour? Do you know of any other openings? Thanks so much for your time and consideration.

Sam
"""


def checks(findings: list[Finding]) -> list[str]:
    return [finding.check for finding in findings]


def test_a_good_request_passes_both_presets() -> None:
    assert lint(GOOD, "6-point", referrer_name=REFERRER) == []
    assert lint(GOOD, "5-point", referrer_name=REFERRER) == []


def test_a_bad_request_fails_every_6_point_check_with_what_and_why() -> None:
    findings = lint(BAD, "6-point", referrer_name=REFERRER)
    assert checks(findings) == [
        "length",
        "referrer",
        "one-question",
        "advice",
        "advice",
        "job-seeking",
        "short-meeting",
    ]
    messages = [finding.message for finding in findings]
    assert messages[0].startswith(f"{word_count(BAD)} words: keep it under 75 (6-point); ")
    assert messages[1] == (
        "Does not name Ann [/] Lee, who introduced you: name them first; a name they know "
        "is why they read on."
    )
    assert messages[2].startswith("3 questions: ask one thing (6-point); ")
    assert messages[3].startswith("Does not ask for advice: ")
    assert messages[4].startswith('Asks about a job ("a job"): ask for advice, not a job')
    assert messages[5].startswith(
        'Sounds like job seeking ("hiring", "apply for", "position", "my resume", "openings"): '
    )
    assert messages[6].startswith("Asks for 60 minutes: ask for 30 or less; ")
    # Each finding is one line: what, then why.
    assert all("\n" not in m and ";" in m and m.endswith(".") for m in messages)


def test_the_5_point_preset_allows_100_words_and_no_mention_of_jobs() -> None:
    long_but_fine = GOOD.replace("Thank you,", "Thank you. " + "I am keen. " * 10)
    assert 75 <= word_count(long_but_fine) < 100
    assert checks(lint(long_but_fine, "6-point", referrer_name=REFERRER)) == ["length"]
    assert lint(long_but_fine, "5-point", referrer_name=REFERRER) == []
    findings = lint(BAD, "5-point", referrer_name=REFERRER)
    assert checks(findings) == ["length", "referrer", "no-jobs", "job-seeking", "short-meeting"]
    assert findings[0].message.startswith(f"{word_count(BAD)} words: keep it under 100")
    assert findings[1].message.startswith(
        "Does not name Ann [/] Lee, who introduced you: name them;"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I am not asking for a job, only advice.", True),
        ("Jobs in research ops look different now.", True),
        ("My job-hunting has barely started.", True),
        ("Steve's JOB title is odd.", True),
        ("Being jobless is hard.", False),
        ("I enjoyed the jobber's memoir.", False),
    ],
)
def test_5_point_finds_job_and_jobs_as_words(text: str, found: bool) -> None:
    request = GOOD.replace("Thank you,", text)
    assert ("no-jobs" in checks(lint(request, "5-point", referrer_name=REFERRER))) is found


def test_5_point_reads_the_subject_too() -> None:
    findings = lint(GOOD, "5-point", subject="Jobs at Initech", referrer_name=REFERRER)
    assert checks(findings) == ["no-jobs"]


@pytest.mark.parametrize(
    ("phrase", "found"),
    [
        ("Are you hiring?", '"hiring"'),
        ("I will hire a coach.", '"hire"'),
        ("Any openings on your team?", '"openings"'),
        ("The position sounds great.", '"position"'),
        ("Here is my résumé.", '"my résumé"'),
        ("Here is my CV.", '"my cv"'),
        ("I am looking for work.", '"looking for work"'),
    ],
)
def test_job_seeking_phrases_are_found_in_both_presets(phrase: str, found: str) -> None:
    request = GOOD.replace("Thank you,", phrase)
    for preset in ("6-point", "5-point"):
        findings = [
            f for f in lint(request, preset, referrer_name=REFERRER) if f.check == "job-seeking"
        ]
        assert len(findings) == 1 and found in findings[0].message


@pytest.mark.parametrize(
    "innocent",
    [
        "I would be in a position to help with your survey.",
        "I read your compositions on research.",
        "I grew up in a shire town, as you did.",
        "The openness of your team stood out.",
    ],
)
def test_word_boundaries_keep_innocent_words_out(innocent: str) -> None:
    request = GOOD.replace("Thank you,", innocent)
    assert "job-seeking" not in checks(lint(request, "6-point", referrer_name=REFERRER))


def test_the_referrer_must_be_named_and_for_6_point_named_first() -> None:
    later = GOOD.replace("Ann [/] Lee suggested I write to you.", "I hope you are well.").replace(
        "Thank you,", "Ann suggested I write."
    )
    assert checks(lint(later, "6-point", referrer_name=REFERRER)) == ["connection-first"]
    assert (
        "Names Ann [/] Lee, but not first"
        in lint(later, "6-point", referrer_name=REFERRER)[0].message
    )
    # 5-point asks only that they are named.
    assert lint(later, "5-point", referrer_name=REFERRER) == []
    # Their first name is enough; a greeting on the same line is not the opening.
    first_name = GOOD.replace("Dear Dana,\n\nAnn [/] Lee", "Hi Dana, Ann")
    assert lint(first_name, "6-point", referrer_name=REFERRER) == []


def test_without_a_referrer_6_point_wants_the_connection_first() -> None:
    cold = GOOD.replace("Ann [/] Lee suggested I write to you.", "I hope you are well.")
    [finding] = lint(cold, "6-point")
    assert finding.check == "connection-first"
    assert finding.message.startswith("The first sentence does not say how you are connected")
    alumni = GOOD.replace("Ann [/] Lee suggested I write to you.", "We are both Oberlin alumni.")
    assert lint(alumni, "6-point") == []
    assert lint(cold, "5-point") == []


def test_no_question_and_no_reason_and_no_length_are_found() -> None:
    flat = (
        "Dear Dana,\n\nAnn [/] Lee suggested I write to you. I would value your advice "
        "on UX research and would like to talk sometime.\n\nSam"
    )
    assert checks(lint(flat, "6-point", referrer_name=REFERRER)) == [
        "one-question",
        "reason",
        "short-meeting",
    ]
    assert checks(lint(flat, "5-point", referrer_name=REFERRER)) == ["reason", "short-meeting"]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("20 minutes", 20),
        ("15-20 min", 20),
        ("fifteen minutes", 15),
        ("a 30-minute call", 30),
        ("half an hour", 30),
        ("an hour", 60),
        ("45 mins", 45),
        ("two or three weeks", None),
        ("at 10:30", None),
    ],
)
def test_the_length_asked_for_is_read(text: str, minutes: int | None) -> None:
    assert asked_minutes(f"Could we talk for {text}?") == minutes


def test_a_linkedin_note_keeps_to_its_budget() -> None:
    note = (
        "Hi Dana, Ann [/] Lee suggested I reach out. I would value your advice on UX "
        "research because your move from teaching into research ops at Initech is the path "
        "I hope to take. Would you have 20 minutes to talk? Sam"
    )
    assert 200 < len(note) <= 300
    assert lint(note, "6-point", referrer_name=REFERRER, linkedin_note=True) == []
    [finding] = lint(note, "6-point", referrer_name=REFERRER, linkedin_note=True, free_account=True)
    assert finding.check == "linkedin-length"
    assert finding.message.startswith(
        f"{len(note)} characters: a LinkedIn connection note holds at most 200 on a free "
        f"account; cut {len(note) - 200}"
    )
    padded = note + " " + "x" * 300
    [finding] = lint(padded, "5-point", referrer_name=REFERRER, linkedin_note=True)
    assert "holds at most 300;" in finding.message
    # An email has no such budget.
    assert "linkedin-length" not in checks(lint(padded, "5-point", referrer_name=REFERRER))


def test_words_are_counted_as_a_person_would() -> None:
    assert word_count("Don't e-mail me at 10:30, Ann [/] Lee!") == 7
    assert word_count("") == 0


def test_an_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown linter preset '7-point'"):
        lint(GOOD, "7-point")
