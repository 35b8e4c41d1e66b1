"""Centre Desk: one social centre's children, families, attendance and certificates."""

APP_NAME = "Centre Desk"
APP_ID = "CentreDesk"
__version__ = "0.1.0"
