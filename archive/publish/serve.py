"""`archive serve`: Datasette on the archive with its metadata, templates and plugin."""

from __future__ import annotations

import json
import os
import signal
import tempfile

from archive.publish.config import TEMPLATES, database_name, metadata, settings


def datasette_args(db_path: str, metadata_path: str, immutable: bool = False, public: bool = False) -> list[str]:
    """Datasette's command line for the archive; an immutable snapshot is served with `-i` and
    its inspect file (counts precomputed, no file hashing at start-up); `public` without arbitrary
    SQL (archive.publish.config.PUBLIC_SETTINGS)."""
    if immutable:
        from archive.snapshot import inspect_path

        args = ["serve", "-i", db_path, "--inspect-file", str(inspect_path(db_path))]
    else:
        args = ["serve", db_path]
    args += ["--metadata", metadata_path, "--template-dir", str(TEMPLATES)]
    for key, value in settings(public).items():
        args += ["--setting", key, str(value)]
    return args


def serve(
    db_path: str, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False, public: bool = False
) -> None:
    """Run Datasette in this process: mutable mode by default (new rows appear without a
    restart), or `immutable` for a snapshot. Datasette opens database files read-only
    (`mode=ro`, or `immutable=1`), so nothing served can write."""
    from datasette.cli import cli as datasette_cli

    # Uvicorn stops gracefully on SIGTERM, then raises it again: as an exit, not a kill, the
    # server's temporary directory is removed.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with tempfile.TemporaryDirectory(prefix="archive-serve-") as tmp:
        meta_path = os.path.join(tmp, "metadata.json")
        with open(meta_path, "w", encoding="utf-8") as f:
            json.dump(metadata(database_name(db_path)), f)
        args = datasette_args(db_path, meta_path, immutable, public) + ["--host", host, "--port", str(port)]
        datasette_cli.main(args=args, prog_name="archive serve", standalone_mode=True)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
