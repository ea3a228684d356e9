"""Theme files: the shipped ones are valid and distinct, user files override them, and a
bad file is skipped with one message naming the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.theme import Theme

from informterm.paths import shipped_dir, user_config_dir
from informterm.tui.themes import (
    DEFAULT_THEME,
    ThemeError,
    load_theme_file,
    load_themes,
    theme_dirs,
)
from tests.conftest import yaml_bomb

SHIPPED = ("informterm-dark", "informterm-high-contrast", "informterm-light")

GOOD = """\
name: user-theme
primary: "#336699"
background: "#101010"
dark: true
variables:
  footer-key-foreground: "#FFCC00"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def shipped_themes() -> dict[str, Theme]:
    themes, errors = load_themes([shipped_dir("themes")])
    assert errors == []
    return {theme.name: theme for theme in themes}


def only_error(folder: Path, text: str, name: str = "broken.yaml") -> str:
    path = write(folder, name, text)
    themes, errors = load_themes([folder])
    assert themes == []
    assert len(errors) == 1
    assert str(path) in errors[0]
    assert "skipped" in errors[0]
    return errors[0]


# -- the shipped themes ------------------------------------------------------------------


def test_shipped_themes_load_without_errors() -> None:
    assert sorted(shipped_themes()) == sorted(SHIPPED)
    assert DEFAULT_THEME in shipped_themes()


def test_shipped_themes_are_distinct() -> None:
    themes = shipped_themes()
    assert len({theme.background for theme in themes.values()}) == len(themes)
    assert len({theme.primary for theme in themes.values()}) == len(themes)
    assert themes["informterm-light"].dark is False
    assert themes["informterm-dark"].dark is True


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_themes_set_every_base_colour(name: str) -> None:
    theme = shipped_themes()[name]
    for key in ("secondary", "accent", "foreground", "background", "surface", "panel"):
        assert getattr(theme, key), key
    for key in ("boost", "warning", "error", "success"):
        assert getattr(theme, key), key


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4

    parsed = Color.parse(colour)
    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_high_contrast_theme_reaches_wcag_aaa() -> None:
    theme = shipped_themes()["informterm-high-contrast"]
    assert theme.foreground and theme.background and theme.surface and theme.panel
    for ground in (theme.background, theme.surface, theme.panel):
        assert contrast(theme.foreground, ground) >= 15
    for key in ("primary", "secondary", "accent", "warning", "error", "success"):
        assert contrast(getattr(theme, key), theme.background) >= 7, key
    variables = theme.variables
    pairs = [
        ("block-cursor-foreground", "block-cursor-background"),
        ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
        ("input-selection-foreground", "input-selection-background"),
        ("input-cursor-foreground", "input-cursor-background"),
    ]
    for fore, back in pairs:
        assert contrast(variables[fore], variables[back]) >= 7, (fore, back)
    assert contrast(variables["footer-key-foreground"], variables["footer-background"]) >= 7
    assert theme.text_alpha == 1.0


@pytest.mark.parametrize("name", ["informterm-dark", "informterm-light"])
def test_everyday_themes_keep_text_readable(name: str) -> None:
    theme = shipped_themes()[name]
    assert theme.foreground and theme.background and theme.panel
    assert contrast(theme.foreground, theme.background) >= 7
    assert contrast(theme.foreground, theme.panel) >= 7
    assert contrast(theme.primary, theme.background) >= 4.5


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_theme_variables_are_valid_textual_css(name: str) -> None:
    theme = shipped_themes()[name]
    variables = theme.to_color_system().generate()
    for key in theme.variables:
        if key.startswith("link-style"):
            rule = f"link-style: ${key}"
        elif key.endswith("-style"):
            rule = f"text-style: ${key}"
        else:
            rule = f"color: ${key}"
        sheet = Stylesheet(variables=variables)
        sheet.add_source(f"#probe {{ {rule}; }}")
        sheet.parse()  # raises StylesheetParseError on a bad value


# -- user themes -------------------------------------------------------------------------


def test_theme_dirs_are_shipped_then_user() -> None:
    assert theme_dirs() == [shipped_dir("themes"), user_config_dir() / "themes"]


def test_user_theme_is_added(tmp_path: Path) -> None:
    write(tmp_path / "user", "mine.yaml", GOOD)
    themes, errors = load_themes([shipped_dir("themes"), tmp_path / "user"])
    assert errors == []
    by_name = {theme.name: theme for theme in themes}
    assert set(by_name) == {*SHIPPED, "user-theme"}
    mine = by_name["user-theme"]
    assert mine.primary == "#336699"
    assert mine.variables == {"footer-key-foreground": "#FFCC00"}


def test_user_theme_overrides_shipped_one_of_the_same_name(tmp_path: Path) -> None:
    write(tmp_path / "user", "dark.yaml", 'name: informterm-dark\nprimary: "#FF0000"\n')
    themes, errors = load_themes([shipped_dir("themes"), tmp_path / "user"])
    assert errors == []
    dark = [theme for theme in themes if theme.name == "informterm-dark"]
    assert len(dark) == 1
    assert dark[0].primary == "#FF0000"
    assert len(themes) == len(SHIPPED)


def test_user_config_themes_folder_is_read(tmp_path: Path) -> None:
    write(user_config_dir() / "themes", "mine.yaml", GOOD)
    names = {theme.name for theme in load_themes(theme_dirs())[0]}
    assert "user-theme" in names


def test_missing_folders_are_fine(tmp_path: Path) -> None:
    assert load_themes([tmp_path / "nope"]) == ([], [])


def test_yml_files_count_too(tmp_path: Path) -> None:
    write(tmp_path, "mine.yml", GOOD)
    assert [theme.name for theme in load_themes([tmp_path])[0]] == ["user-theme"]


def test_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "not a theme")
    assert load_themes([tmp_path]) == ([], [])


def test_optional_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", GOOD + "luminosity_spread: 0.2\ntext_alpha: 1\n")
    theme = load_theme_file(path)
    assert (theme.luminosity_spread, theme.text_alpha) == (0.2, 1.0)


def test_variable_with_alpha_and_style_words_are_accepted(tmp_path: Path) -> None:
    text = GOOD + '  input-selection-background: "#336699 35%"\n  link-style: bold underline\n'
    theme = load_theme_file(write(tmp_path, "t.yaml", text))
    assert theme.variables["input-selection-background"] == "#336699 35%"


# -- bad theme files ---------------------------------------------------------------------


def test_bad_colour_names_file_line_and_key(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "#336699"\nbackground: "blu"\n')
    assert "line 3: background: 'blu' is not a colour" in error


def test_unquoted_hash_colour_gets_a_hint(tmp_path: Path) -> None:
    error = only_error(tmp_path, "name: x\nprimary: #336699\n")
    assert "line 2: primary: no colour given" in error
    assert "comment" in error


def test_missing_required_key(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nbackground: "#000000"\n')
    assert "the required key 'primary' is missing" in error


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "#336699"\nbackgroud: "#000000"\n')
    assert "line 3: backgroud: unknown key; did you mean 'background'?" in error


def test_dark_must_be_true_or_false(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "#336699"\ndark: "light"\n')
    assert "line 3: dark: expected true or false" in error


def test_name_must_be_text(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: [a, b]\nprimary: "#336699"\n')
    assert "line 1: name: expected the theme's name" in error


def test_bad_variable_colour(tmp_path: Path) -> None:
    error = only_error(tmp_path, GOOD + '  border: "#GGGGGG"\n')
    assert "line 7: variables.border: '#GGGGGG' is not a colour" in error


def test_bad_variable_style(tmp_path: Path) -> None:
    error = only_error(tmp_path, GOOD + "  block-cursor-text-style: shiny\n")
    assert "line 7: variables.block-cursor-text-style: 'shiny' is not a text style" in error


def test_bad_variable_name(tmp_path: Path) -> None:
    error = only_error(tmp_path, GOOD + '  "$border": "#000000"\n')
    assert "variables.$border" in error


def test_fraction_out_of_range(tmp_path: Path) -> None:
    error = only_error(tmp_path, GOOD + "text_alpha: 3\n")
    assert "line 7: text_alpha: expected a number from 0 to 1" in error


def test_yaml_syntax_error(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "#336699\n')
    assert "invalid YAML" in error
    assert "line " in error


def test_a_control_character(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "#336699"\x1b\n')
    assert "line 2, column 19: the control character U+001B is not allowed in YAML" in error


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "expected a mapping" in only_error(tmp_path, "- name\n- primary\n")


def test_empty_file(tmp_path: Path) -> None:
    assert "the file is empty" in only_error(tmp_path, "# nothing\n")


def test_several_problems_in_one_message(tmp_path: Path) -> None:
    error = only_error(tmp_path, 'name: x\nprimary: "nope"\nsurface: "nada"\n')
    assert "line 2: primary" in error
    assert "line 3: surface" in error
    assert error.count("\n") == 0


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, "a-good.yaml", GOOD)
    write(tmp_path, "b-bad.yaml", 'name: bad\nprimary: "nope"\n')
    themes, errors = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["user-theme"]
    assert len(errors) == 1
    assert "b-bad.yaml" in errors[0]


def test_a_theme_file_that_expands_through_its_aliases_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a-good.yaml", GOOD)
    bomb = write(tmp_path, "b-bomb.yaml", 'name: bomb\nprimary: "#336699"\n' + yaml_bomb(9))
    write(tmp_path, "c-good.yaml", GOOD.replace("user-theme", "another-theme"))
    themes, errors = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["user-theme", "another-theme"]
    assert errors == [
        f"Theme file {bomb} was skipped: expands to more than 10,000 values through its "
        "aliases (YAML anchors '*name'); write the values out or use fewer aliases"
    ]


def test_bad_user_override_keeps_the_shipped_theme(tmp_path: Path) -> None:
    write(tmp_path, "dark.yaml", 'name: informterm-dark\nprimary: "nope"\n')
    themes, errors = load_themes([shipped_dir("themes"), tmp_path])
    assert len(errors) == 1
    dark = next(theme for theme in themes if theme.name == "informterm-dark")
    assert dark.primary == shipped_themes()["informterm-dark"].primary


def test_two_files_with_one_name_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD)
    themes, errors = load_themes([tmp_path])
    assert [theme.name for theme in themes] == ["user-theme"]
    assert len(errors) == 1
    assert str(second) in errors[0]
    assert "already the name of a.yaml" in errors[0]


def test_load_theme_file_raises_theme_error(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", "name: x\n")
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    assert caught.value.path == path
    assert isinstance(caught.value, ValueError)
