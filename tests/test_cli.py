"""The command line: every command works, usage errors exit 2, and the README documents them all."""

from __future__ import annotations

import json
import re

from archive.cli import cli as archive_cli
from tests.conftest import ROOT


def test_init_creates_the_database_at_head(cli, db_path):
    result = cli("init", "--db", db_path)
    assert result.exit_code == 0 and "schema at revision" in result.output
    assert db_path.exists()


def test_db_defaults_to_the_environment_variable(cli, tmp_path, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("ARCHIVE_DB", str(target))
    assert cli("init").exit_code == 0
    assert target.exists()


def test_search_prints_ranked_highlighted_results(cli, seed_db):
    result = cli("search", "--db", seed_db, "gimmick", "--in", "paragraphs")
    assert result.exit_code == 0
    assert "a “[gimmick]”" in result.output


def test_search_json_gives_rows_with_marked_snippets(cli, seed_db):
    result = cli("search", "--db", seed_db, "consensus", "--json", "--in", "quotes")
    rows = json.loads(result.output)
    assert rows and rows[0]["kind"] == "quote" and rows[0]["speaker"] == "Giorgia Meloni"
    assert "<mark>consensus</mark>" in rows[0]["snippet_html"]


def test_search_filters_by_speaker(cli, seed_db):
    rows = json.loads(
        cli("search", "--db", seed_db, "progressive", "--in", "quotes", "--speaker", "Giorgia Meloni", "--json").output
    )
    assert rows == []
    rows = json.loads(
        cli("search", "--db", seed_db, "progressive", "--in", "quotes", "--speaker", "Keir Starmer", "--json").output
    )
    assert rows and all(r["speaker"] == "Keir Starmer" for r in rows)


def test_search_with_nothing_searchable_says_so(cli, seed_db):
    for text in ['"', "-", "*", "()"]:
        result = cli("search", "--db", seed_db, text)
        assert result.exit_code == 0 and "no results" in result.output


def test_search_on_a_missing_archive_is_a_usage_error(cli, tmp_path):
    result = cli("search", "--db", tmp_path / "nope.db", "x")
    assert result.exit_code == 2 and "no archive at" in result.output


def test_unknown_format_is_a_usage_error(cli, db_path):
    result = cli("ingest", "--db", db_path, "--format", "pdf", "x.txt")
    assert result.exit_code == 2


def test_stats_counts_the_archive(cli, seed_db):
    counts = json.loads(cli("stats", "--db", seed_db, "--json").output)
    assert counts["articles"] >= 1 and counts["paragraphs"] >= 16 and counts["errors"] == 0


def test_readme_documents_every_command_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in archive_cli.commands.items():
        assert f"archive {name}" in readme, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in {"--db", "--help", "--json"}:
                    assert re.search(re.escape(opt) + r"\b", readme), f"archive {name} {opt}"


def test_every_option_has_help_text():
    missing = [
        f"archive {name} {param.opts[0]}"
        for name, command in archive_cli.commands.items()
        for param in command.params
        if param.param_type_name == "option" and not (param.help or "").strip()
    ]
    assert missing == []


def test_serve_refuses_a_missing_archive(cli, tmp_path):
    result = cli("serve", "--db", tmp_path / "typo.db")
    assert result.exit_code == 2 and "no archive at" in result.output
    assert not (tmp_path / "typo.db").exists()


def test_search_filters_errors_exit_2(cli, seed_db):
    for args in (["--since", "2019-13-45"], ["--since", "2020", "--until", "2019"]):
        result = cli("search", "--db", seed_db, "gimmick", *args)
        assert result.exit_code == 2, args
        assert "Error: since" in result.output and "Traceback" not in result.output


def test_search_sorts_by_date_and_says_undated(cli, seed_db):
    result = cli("search", "--db", seed_db, "border", "--sort", "newest", "--limit", "50")
    assert result.exit_code == 0
    heads = [line for line in result.output.splitlines() if line.startswith(("paragraph ·", "quote ·", "article ·"))]
    dates = [h.split(" · ")[2] for h in heads]
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + ["undated"] * (len(dates) - len(dated))
