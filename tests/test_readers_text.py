"""The text reader and decoding: front matter, title lines, encodings, binary and empty input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import Failure, read_input

FIXTURES = Path(__file__).parent / "fixtures"


def read(path, fmt="auto"):
    return list(read_input(str(path), fmt))


def test_front_matter_gives_metadata_and_keeps_other_keys():
    [article] = read(FIXTURES / "koszalin-fire.md")
    assert article.title == "Escape room fire kills five teen girls in Koszalin, Poland"
    assert article.url.startswith("https://en.wikinews.org/wiki/Escape_room_fire")
    assert article.published_at == "2019-01-05"
    assert article.source == "Wikinews" and article.byline == "Wikinews contributors"
    assert article.extra == {"section": "World"}
    assert article.text.lstrip().startswith("A fire yesterday afternoon")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2019-10-12", "2019-10-12"),  # a YAML date
        ("2019-10-12T09:30:00Z", "2019-10-12T09:30:00+00:00"),  # a YAML timestamp
        ('"Sat, 12 Oct 2019 09:30:00 +0000"', "2019-10-12T09:30:00+00:00"),  # RFC 822, as feeds write it
        ('"autumn 2019"', "autumn 2019"),  # not a date: kept as written
    ],
)
def test_a_front_matter_date_is_stored_as_iso_8601_like_every_reader_s(tmp_path, written, stored):
    path = tmp_path / "dated.md"
    path.write_text(f"---\ntitle: Dated\npublished: {written}\n---\nThe council met on Saturday to vote on the plan.\n")
    [article] = read(path)
    assert article.published_at == stored


def test_a_short_first_line_is_the_title():
    [article] = read(FIXTURES / "leonov.txt")
    assert article.title == "Cosmonaut Alexei Leonov dies at age 85"
    assert "Leonov" in article.text and not article.text.startswith("Cosmonaut Alexei Leonov dies")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(tmp_path, encoding):
    text = (
        "Café owners in Zürich said the façade would be restored before the winter. "
        "The mayor's office confirmed the plan on Tuesday and said the work would cost about "
        "two million francs, paid by the canton and the city together.\n"
    )
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    [article] = read(path)
    assert "Café owners in Zürich" in article.text and "façade" in article.text


def test_binary_input_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [failure] = read(path)
    assert isinstance(failure, Failure) and failure.error == "binary"
    assert "binary" in failure.message


def test_empty_and_missing_inputs_fail(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n")
    [empty] = read(tmp_path / "empty.txt")
    assert isinstance(empty, Failure) and empty.error == "empty" and "empty" in empty.message
    [missing] = read(tmp_path / "nope.txt")
    assert isinstance(missing, Failure) and missing.error == "not_found"


def test_a_huge_input_is_refused(tmp_path, monkeypatch):
    import ingest.readers as readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    [failure] = read(path)
    assert isinstance(failure, Failure) and failure.error == "too_large" and "1,000" in failure.message


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
def test_a_file_is_read_up_to_the_limit(tmp_path, size):
    from ingest.readers import _read_file

    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))
    assert _read_file(str(path), 1001) == path.read_bytes()[:1001]


def test_a_file_without_a_size_is_read_up_to_the_limit():
    from ingest.readers import _read_file

    data = _read_file("/proc/self/status", 10_000)  # st_size is 0 for /proc files
    assert data.startswith(b"Name:") and len(data) < 10_000


@pytest.mark.parametrize("root", [".hidden/news", "./.hidden/news", ".hidden/news/", "{tmp}/.hidden/news"])
def test_only_hidden_parts_below_the_folder_given_skip_a_file(tmp_path, monkeypatch, root):
    from ingest.readers import iter_paths

    for name in ("a.txt", "sub/b.txt", ".private/c.txt", "sub/.d.txt"):
        (tmp_path / ".hidden" / "news" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / ".hidden" / "news" / name).write_text("x")
    monkeypatch.chdir(tmp_path)
    found = [
        Path(p).relative_to(Path(root.format(tmp=tmp_path))).as_posix() for p in iter_paths([root.format(tmp=tmp_path)])
    ]
    assert found == ["a.txt", "sub/b.txt"]


def test_folders_skip_hidden_files_and_their_own_readme(tmp_path):
    from ingest.readers import iter_paths

    for name in ("b.txt", "a.md", "README.md", "LICENSE", ".hidden.txt", "sub/c.json", ".git/x.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [str(Path(p).relative_to(tmp_path)) for p in iter_paths([str(tmp_path)])]
    assert found == ["a.md", "b.txt", "sub/c.json"]
    assert list(iter_paths([str(tmp_path / "README.md")])) == [str(tmp_path / "README.md")]  # named: read
