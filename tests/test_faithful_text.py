"""Faithful text: a file mixing UTF-8 and Windows-1252 lines reads right, joiners that are part of
words and emoji stay, metadata is cleaned and capped, and NUL bytes anywhere are refused."""

from __future__ import annotations

import json

from ingest.models import RawArticle
from ingest.normalize import normalize_text
from ingest.pipeline import MAX_BYLINE_CHARS, MAX_TITLE_CHARS, prepare
from ingest.readers import Failure, read_input
from ingest.readers.decode import decode

UTF8_LINE = "£500 in Zürich was spent on the new façade, the mayor said on Tuesday."
CP1252_LINE = "The café owners said the “work” would cost €2,000 – a record for the street."


def test_a_file_mixing_utf8_and_windows_1252_lines_reads_both_right(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"Harbour news\n\n" + UTF8_LINE.encode("utf-8") + b"\n\n" + CP1252_LINE.encode("cp1252") + b"\n")
    [article] = list(read_input(str(path)))
    assert UTF8_LINE in article.text and CP1252_LINE in article.text


def test_a_file_in_one_legacy_encoding_is_still_detected_whole():
    text = "Café owners in Zürich said the façade would be restored before the winter.\n" * 3
    assert decode(text.encode("cp1252")) == text


def test_joiners_that_make_words_and_emoji_are_kept():
    persian = "می\u200cخواهم"  # the zero-width non-joiner is part of the word's spelling
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined by zero-width joiners
    assert normalize_text(f"{persian} {family}") == f"{persian} {family}"
    # Invisible noise still goes: zero-width space, word joiner, BOM, soft hyphen.
    assert normalize_text("a\u200bb\u2060c\ufeffd\u00ade") == "abcde"


def test_control_characters_are_cleaned_from_metadata():
    raw = RawArticle(
        text="The council met on Tuesday.",
        origin="x",
        title="Council\x1b[31m meets\x07",
        byline="Ada\x1b Lovelace\x07",
        source="Coast\x1b Gazette\n",
        published_at="2024-01-10\x07",
    )
    article = prepare(raw)
    assert article.title == "Council[31m meets"
    assert article.byline == "Ada Lovelace" and article.source == "Coast Gazette"
    assert article.published_at == "2024-01-10"


def test_long_titles_and_bylines_are_capped():
    raw = RawArticle(text="The council met on Tuesday.", origin="x", title="Title " * 20_000, byline="B" * 5_000)
    article = prepare(raw)
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…")
    assert len(article.byline) <= MAX_BYLINE_CHARS


def test_a_100000_character_title_is_stored_capped(cli, db_path, tmp_path, sql):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"title": "T" * 100_000, "text": "The council met on Tuesday."}) + "\n")
    assert cli("ingest", "--db", db_path, "--no-nlp", path).exit_code == 0
    [row] = sql(db_path, "select length(title) as n from articles")
    assert row["n"] <= MAX_TITLE_CHARS


def test_a_nul_byte_anywhere_is_refused(tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes(b"The council met on Tuesday.\n" * 400 + b"\x00" + b"More text.\n")
    assert path.stat().st_size > 8192
    [failure] = list(read_input(str(path)))
    assert isinstance(failure, Failure) and failure.error == "binary"
