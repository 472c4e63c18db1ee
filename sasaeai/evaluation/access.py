"""Who may override a computed grade: the plan's secretariat and the committee."""

from sasaeai.accounts.models import User

OVERRIDERS = {User.Role.SECRETARIAT, User.Role.COMMITTEE_CHAIR, User.Role.COMMITTEE_MEMBER}


def can_set_scheme(user) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may choose how a plan's indicators are graded."""
    return bool(user.is_authenticated and (user.is_superuser or user.role == User.Role.SECRETARIAT))


def can_override(user) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may record or withdraw a grade override."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in OVERRIDERS))
