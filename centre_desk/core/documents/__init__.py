"""PDF documents built with reportlab from plain data: no database access here."""
