"""Metadata values as text, whatever type a reader found them as (YAML and JSON give numbers,
dates, lists and objects where a string is meant)."""

from __future__ import annotations

from typing import Any


def field_text(value: Any) -> str | None:
    """A metadata value as one string: lists joined (several authors), an object by its `name` or
    `url` ({"name": "Reuters"}), bytes decoded, anything else as written; None for nothing."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list | tuple):
        parts = [field_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return field_text(value.get("name") or value.get("url"))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
