"""Publication dates as ISO 8601, whatever form a reader found them in."""

from __future__ import annotations

import datetime as dt
import email.utils
import time


def iso_date(value: object) -> str | None:
    """ISO 8601 for dates, datetimes, struct_time, ISO strings and RFC 822 strings; others kept as given."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return dt.datetime(*value[:6], tzinfo=dt.UTC).isoformat()
    text = str(value).strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return text  # an unusual form is kept as written rather than lost
