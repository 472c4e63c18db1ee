"""Stable HSDS identifiers: a UUIDv5 of a row's kind and primary key.

HSDS wants UUIDs; Sasaeai's rows have integer keys. Deriving the UUID (rather than storing one)
needs no column and no migration, and gives the same id for the same row on every request, every
machine and every reload of the cache. The namespace below must never change: every consumer that
stored an id would lose it.
"""

import uuid

NAMESPACE = uuid.UUID("3e0d9005-2f23-4ddb-8c10-99b86cf8f876")


def hsds_id(kind: str, key: int | str) -> str:
    """Return the HSDS id of the row `key` of `kind` ("service", "location" …) as text."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def find_key(kind: str, wanted: str, keys: list[int]) -> int | None:
    """Return the key among `keys` whose id of `kind` is `wanted`, or None.

    A UUIDv5 cannot be reversed, so a detail request hashes the candidate keys; a few thousand
    rows cost about a millisecond, and the detail pages are cached.
    """
    return next((key for key in keys if hsds_id(kind, key) == wanted), None)
