"""config.yaml: defaults, every kind of mistake reported with file, line and key, and
remember_theme editing the file without losing the user's lines."""

from __future__ import annotations

import datetime
import os
import stat
from pathlib import Path

import pytest
import yaml

from informterm.config import EXAMPLE_CONFIG, load_settings, remember_theme
from informterm.core.model import FOLLOW_UP_PRESETS, LINTER_PRESETS, Settings, WorkingHours
from informterm.yaml_reader import ConfigError, read_yaml
from tests.conftest import fresh_python, yaml_bomb


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, **kwargs: object) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert str(path) in message
    return caught.value


# -- defaults and valid files -------------------------------------------------------------


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.yaml") == Settings()


@pytest.mark.parametrize("text", ["", "# nothing set yet\n", "---\n", "\n\n"])
def test_empty_file_gives_defaults(tmp_path: Path, text: str) -> None:
    assert load_settings(write(tmp_path, text)) == Settings()


def test_example_config_is_valid(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, EXAMPLE_CONFIG))
    assert settings.your_name == "Sam Rivera"
    assert settings.home_timezone == "America/Chicago"
    assert settings.working_hours == WorkingHours(start="09:00", end="17:30")
    assert settings.holiday_country == "US"
    assert settings.keymap == {"quit": "ctrl+q", "help": "question_mark,f1"}
    assert "#" not in settings.pitch


def test_example_config_mentions_every_setting() -> None:
    for name in Settings.__dataclass_fields__:
        if name not in ("follow_up_days", "config_dir"):  # config_dir: where the file is
            assert f"{name}:" in EXAMPLE_CONFIG


def test_settings_know_the_folder_of_their_file(tmp_path: Path) -> None:
    # The user's own checklists and question bank live beside config.yaml.
    assert load_settings(tmp_path / "nope.yaml").config_dir == tmp_path
    assert load_settings(write(tmp_path, EXAMPLE_CONFIG)).config_dir == tmp_path
    assert "config_dir" not in Settings(config_dir=tmp_path).to_dict()


def test_full_config(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
your_name: Ana Souza
pitch: |
  Two lines
  of pitch.
target_field: urban planning
contact_line: ana@example.com · +55 11 5555 0100
home_timezone: America/Sao_Paulo
working_hours:
  start: "08:30"
  end: "18:00"
holiday_country: br
meetings_per_day: 3
follow_up_preset: week-or-two
follow_up_days:
  follow_up: 10
  no_response: 21
keep_in_touch_days: 60
linter_preset: 5-point
linkedin_free_account: yes
theme: informterm-light
keymap:
  quit: ctrl+q
  focus-notes: "n,f3"
""",
    )
    assert load_settings(path) == Settings(
        your_name="Ana Souza",
        pitch="Two lines\nof pitch.\n",
        target_field="urban planning",
        contact_line="ana@example.com · +55 11 5555 0100",
        home_timezone="America/Sao_Paulo",
        working_hours=WorkingHours(start="08:30", end="18:00"),
        holiday_country="BR",
        meetings_per_day=3,
        follow_up_preset="week-or-two",
        follow_up_days={"follow_up": 10, "no_response": 21},
        keep_in_touch_days=60,
        linter_preset="5-point",
        linkedin_free_account=True,
        theme="informterm-light",
        keymap={"quit": "ctrl+q", "focus-notes": "n,f3"},
    )


def test_unquoted_times_read_as_typed(tmp_path: Path) -> None:
    # YAML 1.1 reads 17:30 as the base-60 number 1050; the setting must still be 17:30.
    path = write(tmp_path, "working_hours:\n  start: 8:00\n  end: 17:30\n")
    assert load_settings(path).working_hours == WorkingHours(start="08:00", end="17:30")


def test_only_one_working_hour_given_keeps_the_other_default(tmp_path: Path) -> None:
    path = write(tmp_path, "working_hours:\n  end: '19:00'\n")
    assert load_settings(path).working_hours == WorkingHours(start="09:00", end="19:00")


def test_empty_values_keep_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "pitch:\nmeetings_per_day:\ntheme: ~\n")
    assert load_settings(path) == Settings()


def test_text_settings_keep_what_was_typed(tmp_path: Path) -> None:
    # Unquoted "no" is false in YAML 1.1 and 2024 a number; as names they are just text.
    path = write(tmp_path, "your_name: no\ntarget_field: 2024\n")
    settings = load_settings(path)
    assert settings.your_name == "no"
    assert settings.target_field == "2024"


def test_presets_are_case_insensitive(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "follow_up_preset: 3B7\nlinter_preset: 5-Point\n"))
    assert settings.follow_up_preset == "3b7"
    assert settings.linter_preset == "5-point"


def test_time_zone_case_is_corrected(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "home_timezone: europe/paris\n")).home_timezone == (
        "Europe/Paris"
    )


def test_keymap_values_are_read_as_typed(tmp_path: Path) -> None:
    path = write(tmp_path, "keymap:\n  focus-contacts: 1\n  help: '?'\n  next: j , down\n")
    assert load_settings(path).keymap == {"focus-contacts": "1", "help": "?", "next": "j,down"}


def test_the_outreach_settings_default_to_no_contact_line_and_a_paid_account(
    tmp_path: Path,
) -> None:
    settings = load_settings(write(tmp_path, "your_name: Ana\n"))
    assert settings.contact_line == ""
    assert settings.linkedin_free_account is False


@pytest.mark.parametrize(
    ("value", "free"), [("true", True), ("off", False), ("'yes'", True), ('"False"', False)]
)
def test_linkedin_free_account_reads_yes_and_no(tmp_path: Path, value: str, free: bool) -> None:
    settings = load_settings(write(tmp_path, f"linkedin_free_account: {value}\n"))
    assert settings.linkedin_free_account is free


def test_contact_line_keeps_what_was_typed(tmp_path: Path) -> None:
    # A phone number alone would be a number to YAML; as a signature it is text.
    settings = load_settings(write(tmp_path, "contact_line: 5550100\n"))
    assert settings.contact_line == "5550100"


def test_utf8_with_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"\xef\xbb\xbfyour_name: Zo\xc3\xab\n")
    assert load_settings(path).your_name == "Zoë"


# -- errors ------------------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    error = error_for(tmp_path, "your_name: Ana\ntheme: [dark\npitch: hi\n")
    message = str(error)
    assert "invalid YAML" in message
    assert "line 3, column" in message
    assert error.problems[0].line == 3


def test_unclosed_quote(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, 'your_name: "Ana\n'))
    assert "invalid YAML" in message
    assert "line " in message


@pytest.mark.parametrize(("char", "shown"), [("\x1b", "U+001B"), ("\x00", "U+0000")])
def test_a_control_character_is_named_by_line_and_column(
    tmp_path: Path, char: str, shown: str
) -> None:
    error = error_for(tmp_path, f"theme: informterm-dark\nyour_name: Bo{char}b\n")
    assert f"line 2, column 14: the control character {shown} is not allowed in YAML" in str(error)
    assert (error.problems[0].line, error.problems[0].column) == (2, 14)


def test_two_documents_are_refused(tmp_path: Path) -> None:
    assert "single document" in str(error_for(tmp_path, "theme: a\n---\ntheme: b\n"))


@pytest.mark.parametrize(
    ("text", "described"),
    [("- theme\n- dark\n", "a list"), ("just some words\n", "the text 'just some words'")],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, described: str) -> None:
    message = str(error_for(tmp_path, text))
    assert "line 1" in message
    assert "must be a mapping" in message
    assert described in message


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    error = error_for(tmp_path, "theme: x\nmeeting_per_day: 3\n")
    assert error.problems[0].key == "meeting_per_day"
    message = str(error)
    assert "line 2: meeting_per_day: unknown setting" in message
    assert "did you mean 'meetings_per_day'?" in message


def test_unknown_key_with_nothing_close_lists_the_known_ones(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "zzzzzz: 1\n"))
    assert "unknown setting" in message
    assert "home_timezone" in message


def test_non_text_key(tmp_path: Path) -> None:
    assert "line 1: 42: is not a setting name" in str(error_for(tmp_path, "42: x\n"))


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ('"four"', "the text 'four'"),
        ("four", "the text 'four'"),
        ("4.5", "the number 4.5"),
        ("yes", "true"),
        ("[4]", "a list"),
    ],
)
def test_wrong_type_for_a_number(tmp_path: Path, value: str, described: str) -> None:
    error = error_for(tmp_path, f"your_name: Ana\nmeetings_per_day: {value}\n")
    message = str(error)
    assert "line 2: meetings_per_day: expected a whole number" in message
    assert described in message


@pytest.mark.parametrize("value", ["0", "-1", "500"])
def test_number_out_of_range(tmp_path: Path, value: str) -> None:
    message = str(error_for(tmp_path, f"meetings_per_day: {value}\n"))
    assert "line 1: meetings_per_day: must be between 1 and 24" in message


@pytest.mark.parametrize(
    ("value", "described"), [("1", "the number 1"), ("free", "the text 'free'"), ("[x]", "a list")]
)
def test_linkedin_free_account_must_be_true_or_false(
    tmp_path: Path, value: str, described: str
) -> None:
    message = str(error_for(tmp_path, f"your_name: Ana\nlinkedin_free_account: {value}\n"))
    assert "line 2: linkedin_free_account: expected true or false, got " + described in message


def test_list_for_text(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "pitch:\n  - one\n  - two\n"))
    assert "line 1: pitch: expected text, got a list" in message


def test_unknown_time_zone_with_suggestion(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "your_name: Ana\n\nhome_timezone: Europe/Pariss\n"))
    assert "line 3: home_timezone: unknown time zone 'Europe/Pariss'" in message
    assert "Europe/Paris?" in message


def test_time_zone_by_city_only_is_an_error_with_the_full_name(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "home_timezone: new york\n"))
    assert "America/New_York" in message


@pytest.mark.parametrize("value", ["9am", "25:00", "09:60", "'9'", "[9, 0]"])
def test_working_hours_must_be_hh_mm(tmp_path: Path, value: str) -> None:
    error = error_for(tmp_path, f"working_hours:\n  start: {value}\n  end: '17:00'\n")
    message = str(error)
    assert "line 2: working_hours.start: expected a time as HH:MM" in message


@pytest.mark.parametrize("end", ["'08:00'", "'09:00'"])
def test_working_hours_end_must_be_after_start(tmp_path: Path, end: str) -> None:
    error = error_for(tmp_path, f"working_hours:\n  start: '09:00'\n  end: {end}\n")
    message = str(error)
    assert "line 3: working_hours.end:" in message
    assert "not after they start at 09:00" in message


def test_working_hours_start_alone_after_the_default_end(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "working_hours:\n  start: '18:00'\n"))
    assert "line 2: working_hours.start:" in message
    assert "17:30" in message


def test_working_hours_unknown_key(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "working_hours:\n  begin: '09:00'\n"))
    assert "line 2: working_hours.begin: unknown key" in message
    assert "known ones: end, start" in message


def test_working_hours_must_be_a_mapping(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "working_hours: 9-5\n"))
    assert "line 1: working_hours: expected a mapping" in message


@pytest.mark.parametrize(
    ("key", "allowed"),
    [("follow_up_preset", FOLLOW_UP_PRESETS), ("linter_preset", LINTER_PRESETS)],
)
def test_unknown_preset_lists_the_allowed_ones(
    tmp_path: Path, key: str, allowed: tuple[str, ...]
) -> None:
    message = str(error_for(tmp_path, f"theme: x\n{key}: 4b8\n"))
    assert f"line 2: {key}: unknown preset '4b8'" in message
    for name in allowed:
        assert name in message


def test_follow_up_days_must_be_numbers(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "follow_up_days:\n  try_next: 3\n  follow_up: soon\n"))
    assert "line 3: follow_up_days.follow_up: expected a whole number" in message


def test_follow_up_days_names_the_rules(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "follow_up_days:\n  try_nxt: 3\n"))
    assert "line 2: follow_up_days.try_nxt: unknown rule; did you mean 'try_next'?" in message


def test_holiday_subdivision_is_read_as_a_code(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("holiday_country: us\nholiday_subdivision: ca\n", encoding="utf-8")
    settings = load_settings(path)
    assert (settings.holiday_country, settings.holiday_subdivision) == ("US", "CA")
    message = str(error_for(tmp_path, "holiday_subdivision: California\n"))
    assert "line 1: holiday_subdivision: 'California' is not a subdivision code" in message


def test_holiday_country_must_be_a_code(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "holiday_country: France\n"))
    assert "line 1: holiday_country: 'France' is not a two-letter country code" in message


def test_keymap_must_be_a_mapping(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "keymap:\n  - quit\n  - q\n"))
    assert "line 1: keymap: expected a mapping" in message
    assert "a list" in message


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "needs a key"),
        ("[q, x]", "expected text, got a list"),
        ("ctrl + q", "is not a key"),
        ("'q,,x'", "is not a key"),
    ],
)
def test_keymap_values_must_be_key_strings(tmp_path: Path, value: str, problem: str) -> None:
    message = str(error_for(tmp_path, f"keymap:\n  focus-notes: n\n  quit: {value}\n"))
    assert "line 3: keymap.quit:" in message
    assert problem in message


def test_keymap_ids_are_checked_when_known(tmp_path: Path) -> None:
    from informterm.tui.actions import keymap_problems

    message = str(error_for(tmp_path, "keymap:\n  focus-note: n\n", keymap_check=keymap_problems))
    assert "line 2: keymap.focus-note: unknown binding id" in message
    assert "did you mean 'focus-notes'?" in message
    ok = write(tmp_path, "keymap:\n  focus-notes: f3\n", name="ok.yaml")
    assert load_settings(ok, keymap_check=keymap_problems).keymap == {"focus-notes": "f3"}


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "theme: a\npitch: p\ntheme: b\n"))
    assert "line 3: theme: appears twice (lines 1 and 3)" in message


def test_every_problem_is_reported_in_line_order(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        "meetings_per_day: four\nhome_timezone: Nowhere/Land\ntheme: ok\nlinter_preset: 7\n",
    )
    assert [(p.line, p.key) for p in error.problems] == [
        (1, "meetings_per_day"),
        (2, "home_timezone"),
        (4, "linter_preset"),
    ]
    assert "3 problems" in str(error)


def test_one_bad_setting_means_no_settings(tmp_path: Path) -> None:
    # All or nothing: the good lines are not applied on their own.
    with pytest.raises(ConfigError):
        load_settings(write(tmp_path, "your_name: Ana\nmeetings_per_day: lots\n"))


def test_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"your_name: !!python/object/apply:os.system ['touch {marker}']\n"
    message = str(error_for(tmp_path, text))
    assert "line 1" in message
    assert not marker.exists()


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"your_name: Jos\xe9\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "not UTF-8" in str(caught.value)
    assert str(path) in str(caught.value)


def test_unreadable_path(tmp_path: Path) -> None:
    folder = tmp_path / "config.yaml"
    folder.mkdir()
    with pytest.raises(ConfigError) as caught:
        load_settings(folder)
    assert "cannot be read" in str(caught.value)


def test_read_yaml_gives_lines_of_nested_keys(tmp_path: Path) -> None:
    document = read_yaml(write(tmp_path, "# c\na:\n  b: 1\n  c:\n    d: x\n"))
    assert document.line("a") == 2
    assert document.line("a", "b") == 3
    assert document.line("a", "c", "d") == 5
    assert document.line("zzz") is None


# -- remember_theme ----------------------------------------------------------------------


def test_remember_theme_creates_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.yaml"
    remember_theme(path, "informterm-light")
    assert path.read_text() == "theme: informterm-light\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(path).theme == "informterm-light"


def test_remember_theme_changes_only_the_theme_line(tmp_path: Path) -> None:
    original = EXAMPLE_CONFIG
    path = write(tmp_path, original)
    remember_theme(path, "informterm-high-contrast")
    before, after = original.splitlines(), path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            "theme: informterm-dark    # also set by picking a theme from the command palette",
            "theme: informterm-high-contrast    # also set by picking a theme from the "
            "command palette",
        )
    ]
    assert load_settings(path).theme == "informterm-high-contrast"


def test_remember_theme_appends_when_absent(tmp_path: Path) -> None:
    path = write(tmp_path, "# mine\nyour_name: Ana  # me\nkeymap:\n  quit: q")
    remember_theme(path, "nord")
    assert path.read_text() == "# mine\nyour_name: Ana  # me\nkeymap:\n  quit: q\ntheme: nord\n"
    settings = load_settings(path)
    assert (settings.theme, settings.your_name, settings.keymap) == ("nord", "Ana", {"quit": "q"})


def test_remember_theme_fills_an_empty_value(tmp_path: Path) -> None:
    path = write(tmp_path, "theme:\npitch: hi\n")
    remember_theme(path, "gruvbox")
    assert path.read_text() == "theme: gruvbox\npitch: hi\n"


def test_remember_theme_in_a_comments_only_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet")
    remember_theme(path, "nord")
    assert path.read_text() == "# nothing yet\ntheme: nord\n"


def test_remember_theme_replaces_a_quoted_value(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme: "old one"   # picked last week\n')
    remember_theme(path, "nord")
    assert path.read_text() == "theme: nord   # picked last week\n"


@pytest.mark.parametrize("name", ["My Theme: v2", "true", "1.5", "#hash", "it's"])
def test_remember_theme_quotes_names_when_needed(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, "your_name: Ana\n")
    remember_theme(path, name)
    assert yaml.safe_load(path.read_text()) == {"your_name": "Ana", "theme": name}


def test_remember_theme_in_a_flow_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "{your_name: Ana}\n")
    remember_theme(path, "nord")
    assert yaml.safe_load(path.read_text()) == {"your_name": "Ana", "theme": "nord"}


def test_remember_theme_keeps_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"your_name: Ana\r\n")
    remember_theme(path, "nord")
    assert path.read_bytes() == b"your_name: Ana\r\ntheme: nord\r\n"


def test_remember_theme_keeps_the_files_mode(tmp_path: Path) -> None:
    path = write(tmp_path, "theme: a\n")
    path.chmod(0o640)
    remember_theme(path, "b")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_remember_theme_writes_through_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, "theme: a\n", name="dotfiles-config.yaml")
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    remember_theme(link, "b")
    assert link.is_symlink()
    assert real.read_text() == "theme: b\n"


def test_remember_theme_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    text = "theme: [oops\n# keep me\n"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        remember_theme(path, "nord")
    assert str(path) in str(caught.value)
    assert path.read_text() == text


def test_remember_theme_refuses_a_list_file(tmp_path: Path) -> None:
    path = write(tmp_path, "- a\n")
    with pytest.raises(ConfigError):
        remember_theme(path, "nord")
    assert path.read_text() == "- a\n"


def test_remember_theme_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = write(tmp_path, "theme: a\n")
    remember_theme(path, "b")
    remember_theme(path, "c")
    assert sorted(os.listdir(tmp_path)) == ["config.yaml"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (yaml_bomb(9), "expands to more than 10,000 values through its aliases"),
        (
            "theme: x\nkeymap: [" + "[" * 100 + "]" * 100 + "]\n",
            "line 2, column 108: nests more than 100 levels deep",
        ),
        ("theme: x\n" + "#" * 1_000_000 + "\n", "is 1,000,010 bytes"),
    ],
    ids=["billion-laughs", "too-deep", "too-large"],
)
def test_remember_theme_refuses_a_file_the_reader_refuses_and_leaves_it_alone(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(ConfigError) as caught:
        remember_theme(path, "nord")
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [path], "no temporary file is left behind"


def test_a_config_that_expands_through_its_aliases_is_refused(tmp_path: Path) -> None:
    error = error_for(tmp_path, yaml_bomb(9))
    [problem] = error.problems
    assert problem.message.startswith("expands to more than 10,000 values through its aliases")
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "informterm" / "yaml").exists()


def test_working_hours_written_once_and_reused_are_read(tmp_path: Path) -> None:
    text = 'working_hours: &hours {start: "08:00", end: "16:00"}\nyour_name: Ana\n'
    path = write(tmp_path, text)
    assert load_settings(path).working_hours == WorkingHours(start="08:00", end="16:00")


def test_remember_theme_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        remember_theme(tmp_path / "config.yaml", "  ")
    assert not (tmp_path / "config.yaml").exists()


# -- the parsed-YAML cache ------------------------------------------------------------------

READ_TWICE = """
import sys
from pathlib import Path
from informterm.config import load_settings
settings = load_settings(Path(sys.argv[1]))
print(settings.your_name, settings.working_hours.end, "yaml" in sys.modules)
"""


def run_reader(config: Path) -> str:
    return fresh_python(READ_TWICE, str(config))


def test_a_file_read_before_is_not_parsed_again(tmp_path: Path) -> None:
    config = write(tmp_path, 'your_name: Ana\nworking_hours:\n  end: "18:00"\n')
    assert run_reader(config) == "Ana 18:00 True"
    assert run_reader(config) == "Ana 18:00 False", "the second start needs no YAML parser"
    config.write_text('your_name: Bea\nworking_hours:\n  end: "16:00"\n', encoding="utf-8")
    assert run_reader(config) == "Bea 16:00 True", "changed bytes are parsed afresh"


def test_what_the_cache_gives_equals_what_parsing_gives(tmp_path: Path) -> None:
    text = "your_name: Ana\nkeymap:\n  quit: ctrl+q\n  quit: q\nworking_hours:\n  end: 17:30\n"
    config = write(tmp_path, text)
    parsed = read_yaml(config)
    cached = read_yaml(config)
    assert cached is not parsed
    assert (cached.data, cached.lines, cached.raw, cached.duplicates, cached.first_line) == (
        parsed.data,
        parsed.lines,
        parsed.raw,
        parsed.duplicates,
        parsed.first_line,
    )
    assert cached.plain_text("working_hours", "end") == "17:30"
    [kept] = (Path(os.environ["XDG_CACHE_HOME"]) / "informterm" / "yaml").iterdir()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    kept.write_bytes(b"{ not json")
    assert read_yaml(config).lines == parsed.lines, "a damaged cache entry is parsed around"


def test_yaml_that_json_cannot_hold_exactly_is_not_kept(tmp_path: Path) -> None:
    config = write(tmp_path, "your_name: 2026-11-20\n")
    assert isinstance(read_yaml(config).data["your_name"], datetime.date)
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "informterm" / "yaml").exists()
