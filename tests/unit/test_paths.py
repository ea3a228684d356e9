"""Where files live: defaults, the precedence of --db / --config over the environment, and
the shipped data folder in a checkout and in a wheel layout."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from informterm import files, paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout is Linux's")
def test_defaults_follow_the_xdg_directories(isolated_locations: Path) -> None:
    assert paths.default_db_path() == isolated_locations / "data" / "informterm" / "workbook.json"
    assert paths.user_config_dir() == isolated_locations / "config" / "informterm"
    assert paths.resolve_config_path(None) == (
        isolated_locations / "config" / "informterm" / "config.yaml"
    )


def test_db_default_when_nothing_is_given() -> None:
    assert paths.resolve_db_path(None) == paths.default_db_path()
    assert paths.default_db_path().name == "workbook.json"
    assert paths.default_db_path().parent == paths.user_data_dir()


def test_db_environment_beats_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMTERM_DB", str(tmp_path / "env.json"))
    assert paths.resolve_db_path(None) == tmp_path / "env.json"


def test_db_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMTERM_DB", str(tmp_path / "env.json"))
    assert paths.resolve_db_path(str(tmp_path / "cli.json")) == tmp_path / "cli.json"


def test_empty_values_count_as_not_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMTERM_DB", "")
    monkeypatch.setenv("INFORMTERM_CONFIG", "")
    assert paths.resolve_db_path("") == paths.default_db_path()
    assert paths.resolve_config_path("") == paths.default_config_path()


def test_tilde_is_expanded(isolated_locations: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.resolve_db_path("~/books/work.json") == isolated_locations / "books/work.json"
    monkeypatch.setenv("INFORMTERM_CONFIG", "~/cfg.yaml")
    assert paths.resolve_config_path(None) == isolated_locations / "cfg.yaml"


def test_relative_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    resolved = paths.resolve_db_path("work.json")
    assert resolved.is_absolute()
    assert resolved == tmp_path / "work.json"


def test_config_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.resolve_config_path(None) == paths.user_config_dir() / "config.yaml"
    monkeypatch.setenv("INFORMTERM_CONFIG", str(tmp_path / "env.yaml"))
    assert paths.resolve_config_path(None) == tmp_path / "env.yaml"
    assert paths.resolve_config_path(str(tmp_path / "cli.yaml")) == tmp_path / "cli.yaml"


def test_config_environment_does_not_move_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFORMTERM_CONFIG", str(tmp_path / "env.yaml"))
    assert paths.resolve_db_path(None) == paths.default_db_path()


def test_shipped_themes_are_found_in_this_checkout() -> None:
    themes = paths.shipped_dir("themes")
    assert themes.is_dir()
    assert (themes / "informterm-dark.yaml").is_file()


@pytest.mark.parametrize("name", ["themes", "templates", "checklists", "questions", "sample_data"])
def test_every_shipped_folder_goes_into_the_wheel(name: str) -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included[name] == f"informterm/_shipped/{name}"
    assert paths.shipped_dir(name).is_dir()


def _fake_install(root: Path) -> Path:
    package = root / "informterm"
    package.mkdir(parents=True)
    (root / "themes").mkdir()
    return package


def test_shipped_dir_prefers_the_wheel_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_install(tmp_path)
    (package / "_shipped" / "themes").mkdir(parents=True)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    assert paths.shipped_dir("themes") == package / "_shipped" / "themes"


def test_shipped_dir_falls_back_to_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_install(tmp_path)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    assert paths.shipped_dir("themes") == tmp_path / "themes"
    # Nothing shipped under that name: the wheel location, which does not exist.
    assert not paths.shipped_dir("sample_data").exists()


@pytest.mark.parametrize("name", ["", "..", ".", "../etc", "themes/x", "a\\b"])
def test_shipped_dir_rejects_paths(name: str) -> None:
    with pytest.raises(ValueError):
        paths.shipped_dir(name)


def test_importing_paths_stays_cheap() -> None:
    import subprocess

    code = (
        "import sys, informterm.paths; "
        "heavy = {'textual', 'tinydb', 'yaml', 'pendulum'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _modes_below(top: Path, leaf: Path) -> dict[str, int]:
    return {
        str(folder.relative_to(top)): folder.stat().st_mode & 0o777
        for folder in (leaf, *leaf.parents)
        if folder != top and top in folder.parents
    }


def test_every_folder_informterm_creates_is_private(tmp_path: Path) -> None:
    import os

    from informterm.config import remember_theme
    from informterm.store import open_workbook

    old_umask = os.umask(0o022)
    try:
        db = tmp_path / "x" / "a" / "b" / "wb.json"
        with open_workbook(db):
            pass
        assert set(_modes_below(tmp_path, db.parent).values()) == {0o700}
        cache = paths.user_cache_dir() / "yaml" / "doc.json"
        assert paths.write_cache_file(cache, b"{}")
        assert set(_modes_below(paths.user_cache_dir().parent, cache.parent).values()) == {0o700}
        config = tmp_path / "conf" / "deep" / "config.yaml"
        remember_theme(config, "informterm-light")
        assert set(_modes_below(tmp_path, config.parent).values()) == {0o700}
        existing = tmp_path / "mine"
        existing.mkdir(mode=0o755)
        files.make_private_dirs(existing / "new")
        assert existing.stat().st_mode & 0o777 == 0o755  # not ours to change
        assert (existing / "new").stat().st_mode & 0o777 == 0o700
    finally:
        os.umask(old_umask)
