"""One "public version" token for the whole public site, renewed whenever public content changes.

Cached public pages are keyed by this token (see views.cached_page), so renewing it makes every
cached page unreachable at once: no list of keys to find and delete, and a change is visible on the
very next request. One token for the whole site rather than one per plan because pages cross plans
(the plan list, a plan's sub-plans, the branches page) and a change is rare next to the reads, so
recomputing the pages of the other plans afterwards costs little.

What renews it: every model a public page reads (plan content, values, cycles, organisations and
their bases, grade overrides, gathering places and their schedules). Not what a department types
into an open cycle: `ValueSlot` is never read by the public site, and an `Entry` renews it only
when it is or was 確定 (a confirmation, a reopening), so the drafts of an open cycle leave the
cache alone.

Writes that bypass signals (`bulk_create`, `QuerySet.update`) are covered because each service
that makes them also saves a watched object in the same transaction: the importer saves the Plan
and its nodes, confirm_cycle saves the Cycle and records Actuals one by one, reopen saves the Entry.
"""

import uuid
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

VERSION_KEY = "public:version"

# Models whose rows appear (or change a grade) on a public page, by app label.
WATCHED = {
    "plans": [
        "Plan",
        "PlanOwner",
        "GlossaryTerm",
        "Node",
        "Narrative",
        "Message",
        "Footnote",
        "Action",
        "ActionAssignment",
        "Indicator",
        "IndicatorAssignment",
        "Target",
        "Actual",
    ],
    "progress": ["Cycle"],
    "evaluation": ["GradeOverride"],
    "accounts": ["Organization", "Department", "Base"],
    # The public map of gathering places and the HSDS feed.
    "places": ["GatheringPlace", "Schedule"],
}


def public_version() -> str:
    """Return the current token, making one if there is none (first use, or evicted)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add, not set: two processes starting together agree on the first one stored.
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    return version


def renew() -> None:
    """Renew the token now and again when the transaction commits.

    Now, so that this process (and a test inside a transaction) sees the change at once; at commit,
    because a page rendered by another request between the two from the data not yet committed
    would otherwise stay cached under the new token.
    """
    _renew_now()
    transaction.on_commit(_renew_now)


def _renew_now() -> None:
    # A fresh random token, never a counter: a token evicted and made again must not reuse an old
    # value that stale pages are still stored under.
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _changed(sender: Any, **kwargs: Any) -> None:
    renew()


def _entry_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Remember whether the entry was 確定 before this save (a reopening leaves that status)."""
    confirmed = sender.Status.CONFIRMED
    instance._public_was_confirmed = bool(
        instance.pk and sender.objects.filter(pk=instance.pk, status=confirmed).exists()
    )


def _entry_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Renew only for an entry that is or was 確定: drafts are never public."""
    if instance._public_was_confirmed or instance.status == sender.Status.CONFIRMED:
        renew()


def _entry_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.status == sender.Status.CONFIRMED:
        renew()


def connect() -> None:
    """Connect the receivers; called once from PublicConfig.ready()."""
    for label, names in WATCHED.items():
        for name in names:
            model = apps.get_model(label, name)
            uid = f"public-cache-{label}.{name}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_changed, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_changed, sender=field.remote_field.through, dispatch_uid=uid)
    entry = apps.get_model("progress", "Entry")
    pre_save.connect(_entry_before, sender=entry, dispatch_uid="public-cache-entry-before")
    post_save.connect(_entry_saved, sender=entry, dispatch_uid="public-cache-entry")
    post_delete.connect(_entry_deleted, sender=entry, dispatch_uid="public-cache-entry")
