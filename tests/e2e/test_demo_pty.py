"""``informterm demo`` in a real pseudo-terminal: browse, filter, open a card, back out and
quit, reading the screen as a person would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from informterm.interop.sample import demo_source
from tests.e2e.terminal import Terminal

DEMO = yaml.safe_load(demo_source().read_text(encoding="utf-8"))["contacts"]
EMAIL_OF = {c["name"]: c["emails"][0] for c in DEMO if c.get("emails")}


def visible_names(screen: str) -> list[str]:
    """Demo contact names in the order they appear on screen, top to bottom."""
    found: list[tuple[int, int, str]] = []
    for row, line in enumerate(screen.splitlines()):
        for contact in DEMO:
            column = line.find(contact["name"])
            if column != -1:
                found.append((row, column, contact["name"]))
    return [name for _, _, name in sorted(found)]


def contacts_pane(screen: str) -> str:
    """The Contacts pane's part of the screen when it sits left of the other panes (the
    others mention the highlighted contact too), else the whole screen."""
    lines = screen.splitlines()
    edge = lines[0].find("╮╭") if lines else -1
    if edge == -1:
        return screen
    return "\n".join(line[: edge + 1] for line in lines)


def list_shows(*names: str, hides: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """A screen test: the contact list shows ``names`` and none of ``hides``."""

    def test(screen: str) -> bool:
        shown = contacts_pane(screen)
        return all(n in shown for n in names) and not any(n in shown for n in hides)

    test.__doc__ = f"{', '.join(names)} shown" + (f", {', '.join(hides)} hidden" if hides else "")
    return test


def demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("informterm-demo-*"))


def test_demo_browse_filter_open_card_and_quit(
    spawn: Callable[..., Terminal], terminal_env: dict[str, str], isolated_locations: Path
) -> None:
    tmp = Path(terminal_env["TMPDIR"])
    term = spawn("demo")

    # The Workbook screen: the contact list, and the notice that this is a throwaway copy.
    screen = term.wait_for(list_shows("Aisha Bello", "Ben Adeyemi", "Beth Kowalski"))
    term.wait_for("This is the demo workbook")
    # Start typing once the app has finished drawing, as a person would.
    screen = term.settle()
    assert "Elena Petrova" not in screen, "archived contacts are hidden"
    assert len(demo_folders(tmp)) == 1, "the demo lives in a temporary folder"
    order = [name for name in visible_names(screen) if name in {c["name"] for c in DEMO}]

    # j j k down: two rows down from the first; Enter opens that contact's card.
    term.press("j", "j", "k", "down")
    target = order[2]
    term.press("enter")
    card = term.wait_for(EMAIL_OF[target])
    assert "Research notes" in card
    assert "Tom Becker" not in card, "the card replaced the list"

    # Esc backs out to the list.
    term.press("escape")
    term.wait_for(list_shows("Tom Becker", hides=(EMAIL_OF[target],)))

    # / filters as you type; every word must match.
    term.press("/")
    term.type("nursing")
    term.wait_for(list_shows("José Álvarez", "Beth Kowalski", hides=("Tom Becker", "Aisha Bello")))
    term.type("\x7f" * len("nursing"))
    term.type("álvarez")  # non-ASCII typed into the terminal
    term.wait_for(list_shows("José Álvarez", hides=("Beth Kowalski",)))
    # The other panes follow the list: nothing on screen is about Beth any more.
    term.wait_for(lambda screen: "Kowalski" not in screen)

    # Enter leaves the filter box for the list, Enter again opens the card.
    term.press("enter")
    term.press("enter")
    card = term.wait_for(EMAIL_OF["José Álvarez"])
    assert "Clinical Informatics Nurse" in card

    # Esc closes the card, keeping the filter; Esc again clears it.
    term.press("escape")
    term.wait_for(list_shows("José Álvarez", hides=(EMAIL_OF["José Álvarez"], "Beth Kowalski")))
    term.press("escape")
    term.wait_for(list_shows("Beth Kowalski", "Tom Becker"))

    # q quits cleanly, and the temporary workbook goes with it.
    term.press("q")
    assert term.wait_exit(timeout=10) == 0
    assert demo_folders(tmp) == []
    assert not (isolated_locations / "data" / "informterm" / "workbook.json").exists(), (
        "the demo never touches the user's own workbook"
    )
    cache = isolated_locations / "cache"
    kept = [path for path in cache.rglob("*") if path.is_file()] if cache.exists() else []
    assert not [path for path in kept if b"Aisha Bello" in path.read_bytes()], (
        "nothing of the demo's records outlives its copy"
    )
    assert not [path for path in kept if path.parent.name == "checked"], (
        "nor what the cache knew of the copy"
    )


def test_closing_the_terminal_still_removes_the_demo_copy(
    spawn: Callable[..., Terminal], terminal_env: dict[str, str]
) -> None:
    tmp = Path(terminal_env["TMPDIR"])
    term = spawn("demo")
    term.wait_for(list_shows("Aisha Bello"))
    assert len(demo_folders(tmp)) == 1
    # SIGHUP ends the app as q would: 128 + 1, after cleaning up.
    assert term.hang_up() == 129
    assert demo_folders(tmp) == []
