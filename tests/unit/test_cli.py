"""The ``informterm`` command line: run in-process through ``main()`` and as the installed
console script, always on workbooks under tmp_path."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pendulum
import pytest

from informterm import __version__
from informterm.cli import WELCOME_NOTICE, main, make_app, startup_notices
from informterm.core.model import Contact, FollowUp, FollowUpKind, Source, Stage, Touch
from informterm.interop.sample import build_demo_workbook
from informterm.store import Workbook, open_workbook
from tests.conftest import folder_allowing_no_writing, fresh_python, yaml_bomb

SCRIPT = Path(sys.executable).with_name("informterm")
COMMANDS = ["demo", "contacts", "add", "touch", "followups", "followup"]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo workbook's bytes, built once: tests copy it rather than rebuild it."""
    path = tmp_path_factory.mktemp("template") / "demo.json"
    # The CLI reads times in the settings' home zone, UTC when there is no config.
    build_demo_workbook(path, home_timezone="UTC")
    return path.read_bytes()


@pytest.fixture
def db(tmp_path: Path, demo_template: bytes) -> Path:
    path = tmp_path / "demo.json"
    path.write_bytes(demo_template)
    path.chmod(0o600)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main() in-process: (exit status, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_script(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The installed console script in a subprocess (HOME and XDG point at tmp_path)."""
    assert SCRIPT.exists(), f"the console script should be installed next to {sys.executable}"
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def names_in(table: str) -> list[str]:
    """The NAME column of ``contacts`` text output (names in the demo have no double space)."""
    return [line.split("  ")[0] for line in table.splitlines()[1:]]


def contact_count(path: Path) -> int:
    with open_workbook(path, read_only=True) as workbook:
        return len(workbook.contacts(include_archived=True))


# -- contacts ---------------------------------------------------------------------------------


def test_contacts_prints_an_aligned_table_sorted_by_name(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(capsys, "--db", str(db), "contacts")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "COMPANY", "STAGE", "NEXT", "ACTION"]
    names = names_in(out)
    assert names == sorted(names, key=str.casefold)
    assert "Priya Raman" in names and "Zoë Brandt" in names
    assert "Elena Petrova" not in names, "archived contacts are hidden by default"
    with open_workbook(db, read_only=True) as workbook:
        assert len(names) == len(workbook.contacts())
    # Columns line up: the company column starts at the same place in every row.
    starts = {line.index("Lumen Health") for line in lines if "Lumen Health" in line}
    starts |= {line.index("COMPANY") for line in lines[:1]}
    assert len(starts) == 1
    amara = next(line for line in lines if line.startswith("Dr. Amara Nwosu"))
    assert "scheduled" in amara and "confirm" in amara


def test_contacts_filter_matches_every_word(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "contacts", "--db", str(db), "climate")
    assert code == 0
    names = names_in(out)
    assert "Liam O'Connor" in names and "Ingrid Solberg" in names
    assert "Priya Raman" not in names
    code, out, _ = run(capsys, "contacts", "--db", str(db), "lumen", "research")
    assert set(names_in(out)) == {"Priya Raman", "Fatima Zahra El Idrissi"}


def test_contacts_no_match_says_so_on_stderr(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, err = run(capsys, "contacts", "--db", str(db), "zzzz-nobody")
    assert (code, out) == (0, "")
    assert "no contacts match 'zzzz-nobody'" in err


def test_contacts_all_includes_archived(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    _, out, _ = run(capsys, "contacts", "--all", "--db", str(db))
    elena = next(line for line in out.splitlines() if line.startswith("Elena Petrova"))
    assert "closed (archived)" in elena
    assert len(names_in(out)) == contact_count(db)


def test_contacts_json_is_contact_dicts_with_next_action(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _ = run(capsys, "contacts", "--json", "--db", str(db))
    assert code == 0
    items = json.loads(out)
    names = [item["name"] for item in items]
    assert names == sorted(names, key=str.casefold)
    assert all({"id", "name", "company", "stage", "next_action"} <= item.keys() for item in items)
    by_name = {item["name"]: item for item in items}
    assert by_name["Dr. Amara Nwosu"]["next_action"].startswith("confirm")
    assert by_name["Hana Sato"]["next_action"] == ""
    with open_workbook(db, read_only=True) as workbook:
        zoe = next(c for c in workbook.contacts() if c.name == "Zoë Brandt")
    rebuilt = {k: v for k, v in by_name["Zoë Brandt"].items() if k != "next_action"}
    assert Contact.from_dict(rebuilt) == zoe
    assert "Zoë" in out, "non-ASCII is printed as itself"


def test_contacts_shows_the_year_of_a_date_in_another_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("informterm.core.model.utc_now", lambda: "2026-11-24T14:00:00Z")
    path = tmp_path / "w.json"
    with open_workbook(path) as workbook:
        for name, due in (("Ann", "2027-01-12T09:00:00Z"), ("Bob", "2026-12-03T09:00:00Z")):
            contact = workbook.add(Contact(name=name))
            workbook.add(FollowUp(contact_id=contact.id, due=due, kind=FollowUpKind.CUSTOM))
    code, out, err = run(capsys, "contacts", "--db", str(path))
    assert code == 0, err
    ann, bob = out.splitlines()[1:]
    assert ann.endswith("custom, 12 Jan 2027")
    assert bob.endswith("custom, Thu 3 Dec")


def test_contacts_on_a_missing_workbook_fails_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "workbook.json"
    code, out, err = run(capsys, "contacts", "--db", str(missing))
    assert (code, out) == (1, "")
    assert f"no workbook at {missing} yet" in err and "check --db" in err
    assert not missing.exists()
    code, out, err = run(capsys, "contacts", "--json", "--db", str(missing))
    assert (code, out) == (1, "") and f"no workbook at {missing} yet" in err


def test_contacts_on_an_empty_workbook_says_how_to_add_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.json"
    open_workbook(path).close()
    code, out, err = run(capsys, "contacts", "--db", str(path))
    assert (code, out) == (0, "")
    assert "no contacts yet (add one with 'informterm add NAME')" in err


def test_a_workbook_under_a_file_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    code, out, err = run(capsys, "add", "Ann", "--db", str(blocker / "sub" / "w.json"))
    assert (code, out) == (2, "")
    assert f"{blocker} is a file, not a folder" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("command", ["contacts", "add"])
def test_a_pipe_or_folder_as_the_workbook_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    for path in (pipe, tmp_path):
        args = [command, "--db", str(path)] + (["Ann"] if command == "add" else [])
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, "")
        assert f"Cannot open the workbook {path}: it is not a regular file" in err


def test_informterm_db_environment_variable_chooses_the_workbook(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFORMTERM_DB", str(db))
    _, out, _ = run(capsys, "contacts", "raman")
    assert names_in(out) == ["Priya Raman"]


# -- add --------------------------------------------------------------------------------------


def test_add_stores_the_contact_and_prints_its_id(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(
        capsys,
        *("--db", str(db), "add", "Ann [/] Lee"),
        *("--company", "[bold]Acme[/bold]", "--title", "Researcher"),
        *("--email", "ann@example.com", "--phone", "+1 555 0100"),
        *("--field", "UX research", "--location", "Berlin", "--timezone", "europe/berlin"),
        *("--stage", "Reached-Out", "--tag", "#ux", "--tag", "mentor"),
        *("--referred-by", "priya raman", "--notes", "Met at [link=x]the meetup[/link]"),
    )
    assert code == 0, err
    new_id = out.strip()
    with open_workbook(db, read_only=True) as workbook:
        contact = workbook.get(Contact, new_id)
        priya = next(c for c in workbook.contacts() if c.name == "Priya Raman")
    assert contact.name == "Ann [/] Lee"
    assert contact.company == "[bold]Acme[/bold]"
    assert contact.timezone == "Europe/Berlin", "the zone is stored in its real spelling"
    assert contact.stage is Stage.REACHED_OUT
    assert contact.tags == ["ux", "mentor"]
    assert contact.referred_by == priya.id
    assert contact.source is Source.REFERRAL
    assert contact.emails == ["ann@example.com"] and contact.phones == ["+1 555 0100"]
    assert contact.research_notes == "Met at [link=x]the meetup[/link]"
    # User text is data: listed exactly as typed.
    _, out, _ = run(capsys, "contacts", "--db", str(db), "ann")
    assert "Ann [/] Lee" in out and "[bold]Acme[/bold]" in out


def test_add_referred_by_accepts_an_id_and_defaults_the_source(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    _, first, _ = run(capsys, "add", "Referrer Person", "--db", str(db))
    _, second, _ = run(capsys, "add", "New Person", "--referred-by", first.strip(), "--db", str(db))
    _, third, _ = run(capsys, "add", "Plain Person", "--db", str(db))
    with open_workbook(db, read_only=True) as workbook:
        assert workbook.get(Contact, second.strip()).referred_by == first.strip()
        plain = workbook.get(Contact, third.strip())
    assert (plain.source, plain.stage, plain.referred_by) == (Source.OTHER, Stage.PROSPECT, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["X", "--email", "not-an-address"], "'not-an-address' is not an email address: "),
        (["X", "--email", "a b@example.com"], "the part before the @ has a space"),
        (["X", "--email", "a@b.c"], "does not end in a top-level domain of letters"),
        (["X", "--timezone", "Europe/Pariss"], "did you mean Europe/Paris"),
        (["X", "--stage", "hired"], "'hired' is not a stage"),
        (["X", "--source", "linkedin"], "'linkedin' is not a source"),
        (["X", "--referred-by", "Nobody Atall"], "no contact has the name or id 'Nobody Atall'"),
        (["X", "--referred-by", "an"], "matches"),
        (["   "], "a contact needs a name"),
        ([], "the following arguments are required: NAME"),
        (["X", "--colour", "red"], "unrecognized arguments: --colour red"),
        # Bytes that are not UTF-8, as Python passes them on (lone surrogates).
        (["Bad\udcffByte"], "NAME: 'Bad\\udcffByte' is not UTF-8 text"),
        (["X", "--company", "Acme\udcff"], "--company: 'Acme\\udcff' is not UTF-8 text"),
        (["X", "--tag", "ok", "--tag", "\udcff"], "--tag: '\\udcff' is not UTF-8 text"),
    ],
)
def test_add_rejects_bad_input_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: Path, args: list[str], message: str
) -> None:
    before = db.read_bytes()
    code, out, err = run(capsys, "--db", str(db), "add", *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_add_creates_the_workbook_on_first_use(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "new" / "workbook.json"
    code, out, _ = run(capsys, "add", "First Contact", "--db", str(path))
    assert code == 0
    assert contact_count(path) == 1
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert len(out.strip()) == 12


def test_control_characters_in_names_cannot_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.json"
    run(capsys, "add", "Evil\x1b[2JName", "--db", str(path))
    _, out, _ = run(capsys, "contacts", "--db", str(path))
    assert "\x1b" not in out
    assert "Evil␛[2JName" in out, "the escape is shown, not sent"


def test_c1_controls_and_newlines_in_the_table_are_shown_and_keep_the_row_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.json"
    name = "Csi\x9b2J \x1b]0;pwned\x07Name"
    run(capsys, "add", name, "--company", "Acme\nEvil", "--db", str(path))
    _, out, _ = run(capsys, "contacts", "--db", str(path))
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    header, row = out.splitlines()
    assert header.startswith("NAME")
    assert row.startswith("Csi\\x9b2J ␛]0;pwned␇Name  Acme␊Evil  prospect")


def test_json_output_escapes_c0_and_c1_controls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.json"
    notes = "Esc \x1b[2J Csi \x9b2J Nul \x00 Del \x7f"
    run(capsys, "add", "x", "--notes", notes, "--db", str(path))
    _, out, _ = run(capsys, "contacts", "--json", "--db", str(path))
    assert not re.search("[\x00-\x1f\x7f-\x9f]", out.replace("\n", ""))
    assert "\\u001b[2J Csi \\u009b2J Nul \\u0000 Del \\u007f" in out
    assert json.loads(out)[0]["research_notes"] == notes


def test_a_lone_surrogate_in_a_contact_is_printed_as_its_escape(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workbook refuses to store one, but what reads it (a JSON "\ud800" decodes to
    # one) must not make the printing raise UnicodeEncodeError.
    odd = Contact(name="Ann\ud800 Odd", company="Acme\udcff", research_notes="n\ud800")
    monkeypatch.setattr(Workbook, "contacts", lambda self, include_archived=False: [odd])
    code, out, _ = run(capsys, "contacts", "--db", str(db))
    assert code == 0
    assert out.splitlines()[1].startswith("Ann\\ud800 Odd  Acme\\udcff  prospect")
    code, out, _ = run(capsys, "contacts", "--json", "--db", str(db))
    assert code == 0
    assert '"name": "Ann\\ud800 Odd"' in out
    assert json.loads(out)[0]["research_notes"] == "n\ud800"


def test_script_shows_bytes_that_are_not_utf8_and_escapes_in_a_path_safely(
    tmp_path: Path,
) -> None:
    path = os.fsencode(tmp_path) + b"/Bad\xff\x1b[2J/w.json"
    added = subprocess.run(
        [SCRIPT, "add", b"Bad\xffByte", "--db", path], capture_output=True, timeout=30
    )
    assert added.returncode == 2
    assert added.stderr.startswith(b"informterm: NAME: 'Bad\\udcffByte' is not UTF-8 text")
    listed = subprocess.run([SCRIPT, "contacts", "--db", path], capture_output=True, timeout=30)
    assert (listed.returncode, listed.stdout) == (1, b"")
    assert "/Bad\\udcff␛[2J/w.json yet".encode() in listed.stderr
    assert b"\x1b" not in added.stderr + listed.stderr
    assert b"Traceback" not in added.stderr + listed.stderr


def test_wide_characters_keep_columns_aligned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "w.json"
    run(capsys, "add", "山田花子", "--company", "Kumo", "--db", str(path))
    run(capsys, "add", "Al", "--company", "Bolt", "--db", str(path))
    _, out, _ = run(capsys, "contacts", "--db", str(path))

    def column_of(line: str, word: str) -> int:
        before = line[: line.index(word)]
        return sum(2 if unicodedata.east_asian_width(ch) == "W" else 1 for ch in before)

    rows = out.splitlines()
    assert column_of(rows[1], "Bolt") == column_of(rows[2], "Kumo") == column_of(rows[0], "COMPANY")


# -- options everywhere, errors never as tracebacks ------------------------------------------


def test_version_on_the_main_parser_and_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--version"], *([command, "--version"] for command in COMMANDS)):
        code, out, _ = run(capsys, *args)
        assert (code, out.strip()) == (0, f"informterm {__version__}"), args


def test_help_on_the_main_parser_and_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert all(command in out for command in COMMANDS)
    for args in (["--help"], *([command, "--help"] for command in COMMANDS)):
        code, out, _ = run(capsys, *args)
        assert code == 0, args
        for option in ("--db", "--config", "--version", "--help"):
            assert option in out, (args, option)


def test_db_may_come_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    _, before, _ = run(capsys, "--db", str(db), "contacts")
    _, after, _ = run(capsys, "contacts", "--db", str(db))
    assert before == after != ""


def test_unknown_command_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    assert "invalid choice: 'frobnicate'" in err and "informterm --help" in err


def test_a_bad_config_file_is_named_and_nothing_runs(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("home_timezone: Mars/Base\n", encoding="utf-8")
    code, out, err = run(capsys, "contacts", "--db", str(db), "--config", str(config))
    assert (code, out) == (2, "")
    assert str(config) in err and "Mars/Base" in err
    assert "Traceback" not in err


def test_a_config_file_that_expands_through_its_aliases_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml_bomb(9), encoding="utf-8")
    code, out, err = run(capsys, "contacts", "--db", str(db), "--config", str(config))
    assert (code, out) == (2, "")
    assert f"{config}: expands to more than 10,000 values through its aliases" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("due", ["2026-02-30T10:00:00Z", "yesterday", "0001-01-01T00:00:00Z"])
def test_a_workbook_with_an_impossible_time_is_named_and_left_alone(
    capsys: pytest.CaptureFixture[str], db: Path, due: str
) -> None:
    data = json.loads(db.read_bytes())
    first = next(iter(data["followups"].values()))
    first["due"] = due
    db.write_text(json.dumps(data), encoding="utf-8")
    before = db.read_bytes()
    code, out, err = run(capsys, "contacts", "--db", str(db))
    assert (code, out) == (2, "")
    assert f"Cannot open the workbook {db}" in err and f"the field 'due' holds {due!r}" in err
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_a_keymap_naming_an_unknown_binding_stops_the_app(db: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("theme: informterm-dark\nkeymap:\n  archive-contcat: x\n", encoding="utf-8")
    before = db.read_bytes()
    result = run_script("--db", str(db), "--config", str(config))
    assert (result.returncode, result.stdout) == (2, "")
    assert f"{config}: line 3: keymap.archive-contcat: unknown binding id" in result.stderr
    assert "did you mean 'archive-contact'?" in result.stderr
    assert db.read_bytes() == before


def test_a_keymap_with_a_bad_key_or_a_clash_stops_the_app(db: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "keymap:\n  quit: notakey\n  help: f1\n  archive-contact: e\n", encoding="utf-8"
    )
    result = run_script("--db", str(db), "--config", str(config))
    assert (result.returncode, result.stdout) == (2, "")
    assert f"{config}: 2 problems:" in result.stderr
    assert "line 2: keymap.quit: 'notakey' is not a key name" in result.stderr
    assert (
        "line 4: keymap.archive-contact: 'e' is already edit-contact's key in "
        "Workbook > Contacts" in result.stderr
    )
    assert "keymap.help" not in result.stderr


def test_a_keymap_of_known_bindings_is_accepted_by_commands_without_a_tui(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("keymap:\n  archive-contact: x\n", encoding="utf-8")
    code, out, err = run(capsys, "contacts", "--db", str(db), "--config", str(config))
    assert code == 0, err
    assert "Priya Raman" in out


def test_the_config_home_zone_is_used_for_next_actions(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("home_timezone: Pacific/Kiritimati\n", encoding="utf-8")
    _, utc, _ = run(capsys, "contacts", "--json", "--db", str(db))
    _, kiritimati, _ = run(capsys, "contacts", "--json", "--db", str(db), "--config", str(config))

    def actions(out: str) -> dict[str, str]:
        return {item["name"]: item["next_action"] for item in json.loads(out)}

    # UTC+14 is a different day from UTC for most of the day, so some wording must differ.
    assert actions(utc).keys() == actions(kiritimati).keys()
    assert actions(utc) != actions(kiritimati)


# -- the real console script --------------------------------------------------------------------


def test_script_lists_contacts_and_json(db: Path) -> None:
    text = run_script("contacts", "--db", str(db), "nursing")
    assert text.returncode == 0, text.stderr
    assert "José Álvarez" in text.stdout and "Priya Raman" not in text.stdout
    as_json = run_script("--db", str(db), "contacts", "--json", "nursing")
    assert {item["name"] for item in json.loads(as_json.stdout)} == set(names_in(text.stdout))


def test_script_add_then_list(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    added = run_script("add", "Ann [/] Lee", "--db", str(path), "--timezone", "Asia/Tokyo")
    assert added.returncode == 0, added.stderr
    listed = run_script("contacts", "--db", str(path))
    assert names_in(listed.stdout) == ["Ann [/] Lee"]


def test_script_version_and_help() -> None:
    version = run_script("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"informterm {__version__}")
    helped = run_script("add", "--help")
    assert helped.returncode == 0 and "--referred-by" in helped.stdout


def test_script_bad_timezone_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run_script("add", "X", "--timezone", "Nowhere/City", "--db", str(tmp_path / "w.json"))
    assert result.returncode == 2
    assert "unknown time zone 'Nowhere/City'" in result.stderr
    assert "Traceback" not in result.stderr


def test_script_refuses_to_add_while_another_process_holds_the_workbook(db: Path) -> None:
    before = db.read_bytes()
    with open_workbook(db, read_only=False) as holder:
        assert not holder.read_only
        refused = run_script("add", "Someone New", "--db", str(db))
        # Reading still works while the workbook is held.
        listed = run_script("contacts", "--db", str(db), "raman")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "cannot add 'Someone New'" in refused.stderr
    assert f"process {os.getpid()}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert db.read_bytes() == before
    assert listed.returncode == 0 and names_in(listed.stdout) == ["Priya Raman"]


@pytest.mark.parametrize("command", [["contacts"], ["contacts", "--json"], ["add", "X"], []])
def test_script_reports_a_corrupt_workbook_and_leaves_it_alone(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "half a rec')
    result = run_script(*command, "--db", str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("informterm: ") and "\\x0a" not in result.stderr
    assert "The file was left untouched." in lines
    assert path.read_bytes() == b'{"contacts": {"1": {"name": "half a rec'


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["contacts", "--json"],
        ["add", "Quick Person"],
        ["followups"],
        ["followups", "--json", "--all"],
    ],
)
def test_commands_without_the_tui_never_import_textual(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "w.json"
    with open_workbook(db):
        pass  # an empty workbook, which "contacts" lists
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "informterm", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "informterm.cli" in modules, "the import log was read"
    heavy = [m for m in modules if m.split(".")[0] in ("textual", "rich")]
    assert heavy == []


# -- start-up notices and the app factory -------------------------------------------------------


def test_an_empty_workbook_gets_the_welcome(tmp_path: Path) -> None:
    with open_workbook(tmp_path / "w.json") as workbook:
        assert startup_notices(workbook) == [WELCOME_NOTICE]
    assert " n " in WELCOME_NOTICE and "informterm demo" in WELCOME_NOTICE


def test_a_workbook_with_contacts_gets_no_notice(db: Path) -> None:
    with open_workbook(db) as workbook:
        assert startup_notices(workbook) == []


def test_a_workbook_held_elsewhere_opens_read_only_with_a_notice(db: Path) -> None:
    with open_workbook(db, read_only=False), open_workbook(db) as second:
        assert second.read_only
        assert startup_notices(second) == [
            f"Opened read-only: informterm process {os.getpid()} has this workbook open"
        ]


def test_a_write_protected_workbook_opens_read_only_and_add_refuses(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    db.chmod(0o444)
    before = db.read_bytes()
    with open_workbook(db) as workbook:
        assert workbook.read_only
        assert startup_notices(workbook) == [
            "Opened read-only: the workbook file is write-protected "
            f"(chmod u+w {db} to allow changes)"
        ]
    code, out, err = run(capsys, "add", "Nia Odum", "--db", str(db))
    assert (code, out) == (2, "")
    assert f"cannot add 'Nia Odum': {db} is write-protected" in err
    assert f"chmod u+w {db}" in err
    assert db.read_bytes() == before
    assert db.stat().st_mode & 0o777 == 0o444
    assert not db.with_name(db.name + ".lock").exists()


def test_a_workbook_in_a_folder_allowing_no_writing_is_read_with_a_notice(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    db.chmod(0o644)
    before = db.read_bytes()
    folder = db.parent
    with folder_allowing_no_writing(folder):
        with open_workbook(db) as workbook:
            assert workbook.read_only
            assert startup_notices(workbook) == [
                f"Opened read-only: the folder {folder} does not allow writing (the lock and "
                f"backups live there); chmod u+w {folder} to allow changes"
            ]
        code, out, err = run(capsys, "contacts", "--db", str(db))
        assert code == 0, err
        assert "Priya Raman" in names_in(out)
        code, out, err = run(capsys, "add", "Nia Odum", "--db", str(db))
        assert (code, out) == (2, "")
        assert f"cannot add 'Nia Odum': {db} cannot be changed: its folder {folder}" in err
        assert f"chmod u+w {folder}" in err
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".lock").exists()


def test_make_app_builds_the_app_on_the_workbook(db: Path, tmp_path: Path) -> None:
    from informterm.config import load_settings

    config = tmp_path / "config.yaml"
    with open_workbook(db) as workbook:
        app = make_app(workbook, load_settings(config), config, ["hello"])
        assert type(app).__name__ == "InformtermApp"
        assert app.workbook is workbook  # type: ignore[attr-defined]


def test_demo_dates_follow_the_real_today(db: Path) -> None:
    # The shared template was built without a date: today, in UTC (the CLI's default zone).
    with open_workbook(db, read_only=True) as workbook:
        latest = max(t.at for t in workbook.all(Touch))
    days_ago = (pendulum.today("UTC").date() - pendulum.parse(latest).date()).days  # type: ignore[union-attr]
    assert 1 <= days_ago <= 3


def test_the_example_config_keymap_is_accepted_when_the_tui_starts_fresh(tmp_path: Path) -> None:
    """The app's own bindings (quit, help) are known before the app module is imported,
    as when ``informterm`` checks config.yaml before it builds the TUI."""
    config = tmp_path / "config.yaml"
    config.write_text("keymap:\n  quit: ctrl+q\n  help: question_mark,f1\n", encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path\n"
        "from informterm.config import load_settings\n"
        "from informterm.tui.actions import keymap_problems\n"
        "settings = load_settings(Path(sys.argv[1]), keymap_check=keymap_problems)\n"
        "print(sorted(settings.keymap))\n"
    )
    assert fresh_python(probe, str(config)) == "['help', 'quit']"


def test_a_theme_picked_in_the_demo_is_not_written_to_the_users_config(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from informterm.paths import default_config_path

    config = default_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("theme: informterm-dark\n", encoding="utf-8")
    before = config.read_bytes()
    remembered: list[Path] = []

    def pick_a_theme(app: Any, cleanup: object = None) -> int:
        async def drive() -> None:
            async with app.run_test() as pilot:
                app.theme = "textual-light"  # as the palette's theme picker does
                await pilot.pause()
                await app.workers.wait_for_complete()
                remembered.append(app.config_path)

        asyncio.run(drive())
        assert app.config_path.read_text(encoding="utf-8").strip() == "theme: textual-light"
        return 0

    monkeypatch.setattr("informterm.cli._run_app", pick_a_theme)
    code, _out, err = run(capsys, "demo")
    assert code == 0, err
    assert config.read_bytes() == before
    assert remembered and remembered[0] != config and not remembered[0].exists()


@pytest.mark.parametrize("command", [["add", "Nia Odum"], ["contacts"]])
def test_an_unreadable_workbook_says_it_cannot_be_read(
    capsys: pytest.CaptureFixture[str], db: Path, command: list[str]
) -> None:
    db.chmod(0o000)
    try:
        code, out, err = run(capsys, *command, "--db", str(db))
        assert (code, out) == (2, "")
        assert "its permissions allow no reading" in err and f"chmod u+r {db}" in err
        assert "u+w" not in err and "Traceback" not in err
    finally:
        db.chmod(0o600)
