"""The demo copy that most tests get (tests/snapshot.py) is the demo itself, row for row."""

import pytest

from sasaeai.demo.services import load_demo
from tests.snapshot import Snapshot, dump


@pytest.mark.parametrize("registers", [False, True])
def test_a_copy_written_back_equals_what_the_load_left(db, client, registers):
    snapshot = Snapshot.take(lambda: load_demo(registers=registers))
    assert len(snapshot.after) > 20  # plans, nodes, indicators, users, the cycle … all taken
    page = client.get("/public/ageo/").content

    snapshot.restore()

    assert dump(list(snapshot.after)) == snapshot.after
    assert client.get("/public/ageo/").content == page


def test_a_copy_is_written_only_into_the_state_it_was_taken_from(db):
    snapshot = Snapshot.take(lambda: load_demo(registers=False))
    assert not snapshot.fits()  # the demo is there now: a copy on top would be wrong
