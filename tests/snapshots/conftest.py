"""The snapshot tests share the Pilot tests' workbook (fixed ids and times) and frozen
clock, so both see exactly the same people."""

from tests.tui.conftest import (  # noqa: F401  (fixtures, used by name)
    app,
    empty_workbook,
    frozen_clock,
    make,
    settings,
    workbook,
)
