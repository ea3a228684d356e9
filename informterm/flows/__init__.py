"""The use cases: every write a user asks for, as one plain function.

Each takes ``(workbook, settings, now, ...)`` and makes its change in one durable save. The
TUI, the command line and (later) import all call these, so a rule that follows a write
(the stage a touch moves a contact to, the follow-ups it makes) runs the same way whoever
asked for it. Nothing here knows of screens.
"""
