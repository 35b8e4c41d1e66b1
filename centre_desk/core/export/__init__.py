"""The export to headquarters (GUI-free): packages of counts (aggregate) or of pseudonymised
records, signed with the association key. The figures come from ``services.figures`` only.

    export(actor, folder, ExportRequest(parse_period("2026-10")), Path("out/"))
"""
from centre_desk.core.export.package import (LEVELS, ExportCancelled, ExportRequest, Preview,
                                             centre_code, preview, set_centre_code)
from centre_desk.core.export.service import SentExport, export, history, resend, since_last

__all__ = ["LEVELS", "ExportCancelled", "ExportRequest", "Preview", "SentExport", "centre_code",
           "export", "history", "preview", "resend", "set_centre_code", "since_last"]
