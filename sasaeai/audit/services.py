"""Record an audit event; every service that changes something calls this in its transaction."""

from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from .models import Event


def _now() -> datetime:
    return timezone.now()


def record(
    action: str,
    target: models.Model,
    *,
    user=None,
    before: Any = None,  # type: ignore[no-untyped-def]
    after: Any = None,
    reason: str = "",
    now: datetime | None = None,
) -> Event:
    """Add an event saying that `user` did `action` to `target`, with before/after and reason."""
    return Event.objects.create(
        created_at=now or _now(),
        actor=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        before=before,
        after=after,
        reason=reason,
    )


def history(target: models.Model) -> models.QuerySet[Event]:
    """Return the events of one object, newest first."""
    return Event.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
