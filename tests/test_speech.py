"""The table of attribution words: parsed, inflected and read the same way everywhere."""

from __future__ import annotations

import pytest

from ingest.speech import ADDRESSED, ATTRIBUTING_FORMS, REPORTING_FORMS, SPEECH_FORMS, VERBS, _parse, inflect


def test_every_verb_of_the_table_has_a_role():
    assert all(v.frames_quotes or v.reports for v in VERBS.values())


def test_an_unknown_flag_in_the_table_is_an_error():
    with pytest.raises(ValueError, match="strong"):
        _parse("say quotes strong")


def test_verbs_are_inflected_regularly_and_irregularly():
    assert inflect("say") >= {"said", "says", "saying"}
    assert inflect("admit") >= {"admits", "admitted", "admitting"}
    assert inflect("deny") >= {"denies", "denied"}
    assert inflect("quip") >= {"quipped", "quipping"}  # `qu` is a consonant
    assert inflect("sing") >= {"sang", "sings", "singing"}


def test_a_weak_verb_frames_quotes_but_does_not_attribute_a_clause_on_its_own():
    assert SPEECH_FORMS["called"] == "call" and VERBS["call"].weak
    assert "called" not in ATTRIBUTING_FORMS


def test_reporting_only_verbs_take_a_clause_but_frame_no_quote():
    assert "signaled" in REPORTING_FORMS and "signaled" not in SPEECH_FORMS


def test_verbs_whose_object_is_the_listener_are_marked_in_the_table():
    assert {"tell", "ask", "warn"} <= ADDRESSED and "say" not in ADDRESSED
    assert _parse("tell quotes reports addressed")["tell"].addressed
