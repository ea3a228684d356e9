"""A real pseudo-terminal for end-to-end tests: runs a command in it, renders what the
command draws with pyte, and types keys into it.

The child gets the pty as its controlling terminal (``pty.fork``), exactly as in a terminal
window, so the program under test takes no test-only code path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence

import pyte

KEYS = {
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "backspace": b"\x7f",
}
"""Named keys as a terminal sends them; anything else is typed as UTF-8 text."""

# Textual writes mouse and keyboard-protocol set-up sequences that pyte does not know;
# pyte ignores unknown sequences, but DECRQM ("CSI ? Ps $ p") would leak its final "p".
_UNSUPPORTED = re.compile(rb"\x1b\[\?[\d;]*\$p")


class Terminal:
    """One command running in a pseudo-terminal of ``columns`` x ``lines``."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        columns: int = 100,
        lines: int = 30,
    ) -> None:
        self.columns = columns
        self.lines = lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.exit_status: int | None = None
        self.output = bytearray()
        """Every byte the program wrote to the terminal, in order."""
        size = struct.pack("HHHH", lines, columns, 0, 0)
        pid, fd = pty.fork()
        if pid == 0:  # the child: set the window size, then become the command
            try:
                fcntl.ioctl(pty.STDOUT_FILENO, termios.TIOCSWINSZ, size)
                os.execve(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd

    # -- output -------------------------------------------------------------------------------

    def pump(self, timeout: float = 0.05) -> None:
        """Read whatever the program wrote within ``timeout`` seconds and render it."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the program has exited and the pty is closed
                data = b""
            if not data:
                self._reap(block=True)
                return
            self._feed(data)

    def _feed(self, data: bytes) -> None:
        # pyte's parser keeps its state between feeds, so a sequence split across two
        # reads is still understood.
        self.output += data
        self.stream.feed(_UNSUPPORTED.sub(b"", data))

    def text(self) -> str:
        """The screen as plain text, one line per row."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, condition: str | Callable[[str], bool], timeout: float = 15) -> str:
        """Pump output until ``condition`` (text on screen, or a test of the screen text)
        holds; return the screen. Fails with the screen shown after ``timeout`` seconds."""
        test = condition if callable(condition) else (lambda screen: condition in screen)
        deadline = time.monotonic() + timeout
        while True:
            self.pump(0.05)
            screen = self.text()
            if test(screen):
                return screen
            if self.exit_status is not None or time.monotonic() > deadline:
                what = condition if isinstance(condition, str) else condition.__doc__
                state = (
                    f"exited with status {self.exit_status}"
                    if self.exit_status is not None
                    else f"still running after {timeout} s"
                )
                raise AssertionError(f"waited for {what!r}; program {state}; screen:\n{screen}")

    def settle(self, quiet: float = 0.3, timeout: float = 5) -> str:
        """Pump until the program has drawn nothing new for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        last = self.text()
        calm_since = time.monotonic()
        while time.monotonic() < deadline:
            self.pump(0.05)
            now = self.text()
            if now != last:
                last, calm_since = now, time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                break
        return last

    # -- input --------------------------------------------------------------------------------

    def press(self, *keys: str, pause: float = 0.05) -> None:
        """Send keys: names from KEYS (``"down"``, ``"escape"``) or literal text."""
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            # A lone Escape is told apart from an escape sequence by a short silence.
            self.pump(0.15 if key == "escape" else pause)

    def type(self, text: str, pause: float = 0.1) -> None:
        """Type ``text`` one character at a time, at about a person's typing speed."""
        self.press(*text, pause=pause)

    # -- ending -------------------------------------------------------------------------------

    def wait_exit(self, timeout: float = 10) -> int:
        """Wait for the program to exit (draining its output); return its exit status."""
        deadline = time.monotonic() + timeout
        while self.exit_status is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"still running after {timeout} s; screen:\n{self.text()}")
            self.pump(0.05)
            self._reap(block=False)
        return self.exit_status

    def hang_up(self, timeout: float = 10) -> int:
        """Close the terminal, as closing its window does (the program gets SIGHUP); wait
        for the program to exit and return its exit status."""
        os.close(self.fd)
        self.fd = -1
        deadline = time.monotonic() + timeout
        while self.exit_status is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"still running {timeout} s after the terminal closed")
            time.sleep(0.05)
            self._reap(block=False)
        return self.exit_status

    def _reap(self, *, block: bool) -> None:
        if self.exit_status is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.exit_status = -1
            return
        if pid:
            self.exit_status = os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        """Stop the program if it is still running and release the pty."""
        if self.exit_status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        if self.fd != -1:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
