"""Whether a child's family agreed to share the child's (pseudonymised) data with the
association: the consent register (law 09-08) answers, one function for the whole export."""
from __future__ import annotations

from centre_desk.core.services import consents


def sharing_consented_children() -> set[int]:
    """Ids of the live children whose family (or the child's own record) agreed to sharing with
    the association and did not withdraw; no record counts as no."""
    return consents.children_with_consent(consents.SHARE_ASSOCIATION)
