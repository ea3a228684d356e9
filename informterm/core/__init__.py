"""The domain: pure Python, no Textual, no TinyDB."""
