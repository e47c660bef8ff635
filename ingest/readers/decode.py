"""Bytes -> text: BOMs, UTF-8, then detection (cp1252/Latin-1 and friends); binary refused."""

from __future__ import annotations

import codecs

from ingest.readers.errors import ReadError


class DecodeError(ValueError):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes, hint: str | None = None) -> str:
    """Bytes -> str: a BOM wins, then the declared `hint` (an HTTP charset), UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    "encoding", f"the input starts with a {encoding} byte-order mark but is not {encoding}"
                ) from exc
    if b"\x00" in data:
        raise DecodeError("binary", "the input looks binary (it holds NUL bytes), not text")
    for encoding in ([hint] if hint else []) + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    mixed = _mixed(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("encoding", "the input is not text in any encoding recognised (binary?)")
    text = str(best)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(4, len(text) // 100):
        raise DecodeError("binary", "the input looks binary (control characters), not text")
    return text


def _legacy(line: bytes) -> str:
    """A line that is not UTF-8 in a file that otherwise is: Windows-1252, the encoding such lines
    almost always come from (pasted from an older system); Latin-1 for its five undefined bytes."""
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _mixed(data: bytes) -> str | None:
    """A file of UTF-8 lines (some beyond ASCII) and lines in a legacy encoding, decoded line by
    line; None when no line is UTF-8 beyond ASCII (one encoding for the whole file, detected).
    Decoded whole, the legacy encoding's guess would turn the UTF-8 lines into mojibake."""
    lines = data.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_beyond_ascii = False
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            continue
        utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        decoded.append(text)
    if not utf8_beyond_ascii:
        return None
    return "".join(text if text is not None else _legacy(line) for text, line in zip(decoded, lines))


def text_of(data: bytes, charset: str | None = None) -> str:
    """`decode` for a reader: a DecodeError becomes the ReadError that fails the input."""
    try:
        return decode(data, charset)
    except DecodeError as exc:
        raise ReadError(exc.error, str(exc)) from exc
