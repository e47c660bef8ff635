"""An ingest run leaves what was alive when it started out of the cyclic collector's passes."""

from __future__ import annotations

import gc

from archive.ingesting import Ingest, Job
from archive.store import Archive


def test_objects_alive_when_a_run_starts_are_left_out_of_collections_until_it_ends(db_path, tmp_path):
    before = gc.get_freeze_count()
    during = []
    (tmp_path / "a.txt").write_text("Harbour news\n\nThe harbour reopened on Friday.\n")
    with Archive(db_path) as archive:
        Ingest(
            archive,
            Job(inputs=[str(tmp_path / "a.txt")], nlp=False),
            on_item=lambda origin, outcome: during.append(gc.get_freeze_count()),
        ).run()
    assert during and during[0] > before
    assert gc.get_freeze_count() == before
