"""The GUI-free core of Centre Desk. Nothing under this package may import PySide6."""
