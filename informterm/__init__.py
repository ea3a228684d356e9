"""informterm: a keyboard-driven terminal workbook for informational interviews."""

__version__ = "0.1.0"
