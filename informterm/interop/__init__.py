"""Import and export formats, and the demo workbook."""
