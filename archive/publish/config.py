"""Datasette metadata and settings for an archive database, from metadata.yml and datasette.yml."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from archive.publish.versions import story_sql

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"


@lru_cache(maxsize=1)
def _load() -> tuple[dict, dict]:
    with open(HERE / "metadata.yml", encoding="utf-8") as f:
        described = yaml.safe_load(f)
    with open(HERE / "datasette.yml", encoding="utf-8") as f:
        configured = yaml.safe_load(f)
    return described, configured


def database_name(db_path: str) -> str:
    """Datasette names a database after its file: archive.db -> archive."""
    return Path(db_path).stem


def _fill(value, db: str):
    if isinstance(value, str):
        return value.replace("{db}", db)
    if isinstance(value, list):
        return [_fill(v, db) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, db) for k, v in value.items()}
    return value


def metadata(db: str) -> dict:
    """The merged 0.65-style metadata: descriptions, table options and canned queries."""
    described, configured = (copy.deepcopy(x) for x in _load())
    tables = described.pop("tables", {})
    for name, options in configured.get("tables", {}).items():
        tables.setdefault(name, {}).update(options)
    meta = dict(described)
    queries = configured.get("queries", {})
    queries["story"]["sql"] = story_sql()  # one versions SQL for the canned query and the story page
    meta["databases"] = {db: {"tables": tables, "queries": queries}}
    return _fill(meta, db)


# `archive serve --public`: pages, canned queries and search for anyone, no SQL of their own (which
# could keep the server busy up to the time limit per query), no whole-database download and no
# streaming of whole tables as CSV.
PUBLIC_SETTINGS = {"default_allow_sql": False, "allow_download": False, "allow_csv_stream": False}


def settings(public: bool = False) -> dict:
    configured = dict(_load()[1].get("settings", {}))
    return {**configured, **PUBLIC_SETTINGS} if public else configured
