"""Widgets of the TUI, one module per pane or reusable widget."""
