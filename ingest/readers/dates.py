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


# Two far-apart defaults: a field the text leaves out takes a different value from each.
_DEFAULTS = (dt.datetime(2000, 1, 1, 0, 0, 0), dt.datetime(2001, 2, 2, 1, 1, 1))


def strict_iso_date(value: str) -> str:
    """ISO 8601 for a date written in any common form, or ValueError when it names no day.

    Exports write dates as ISO 8601, RFC 822, `Jan 4, 2019`, `4 January 2019`, `01/04/2019` (month
    first), `20190104103000` or epoch seconds; python-dateutil reads the free forms. A value that
    leaves out the year, month or day (`Friday`, `May`) is refused rather than completed with
    today's, and one without a time of day gives a date alone."""
    text = value.strip()
    if text.isdigit() and 9 <= len(text) <= 10:  # epoch seconds
        return dt.datetime.fromtimestamp(int(text), dt.UTC).isoformat()
    found = iso_date(text)
    if found != text or _is_iso(text):
        return found
    from dateutil import parser

    try:
        first, second = (parser.parse(text, default=default) for default in _DEFAULTS)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{value!r} is not a date") from exc
    if first.date() != second.date():
        raise ValueError(f"{value!r} does not say the year, month and day")
    return first.date().isoformat() if first.time() != second.time() else first.isoformat()


def _is_iso(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
