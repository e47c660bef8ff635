"""The archive's own annotated set (tests/quality): who said what must not fall below its floors."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

GOLD = ROOT / "tests" / "quality" / "gold"
# Floors a little under what the archive scores today: a change that costs any of these fails here.
FLOORS = {"quote_f1": 0.95, "speaker_f1": 0.90, "speaker_full_f1": 0.90, "indirect_recall": 0.80, "entity_f1": 0.80}


@pytest.fixture(scope="module")
def summary(nlp):
    from click.testing import CliRunner

    from archive.cli import cli

    result = CliRunner().invoke(cli, ["quality", str(GOLD)], catch_exceptions=False)
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("SUMMARY "), result.output
    return {k: v for k, v in (part.split("=") for part in line.split()[1:])}


def test_every_gold_article_is_found(summary):
    found, total = summary["articles"].split("/")
    assert found == total == "12"


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_quality_stays_above_its_floor(summary, measure):
    assert float(summary[measure]) >= FLOORS[measure], f"{measure} {summary[measure]} < {FLOORS[measure]}"
