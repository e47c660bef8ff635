"""Entity resolution through the real pipeline: cleaning, label votes, aliases and repairs.

All example sentences are written for these tests.
"""
from __future__ import annotations

import pytest

from ingest.entities import strip_title


@pytest.fixture(scope="module")
def entities(process_text):
    """Text -> {(name, type)} of the article's entities, and the mentions as (text, name)."""

    def run(text: str):
        article = process_text(text)
        names = {(e.name, e.type) for e in article.entities}
        mentions = [(m.text, article.entities[m.entity].name) for m in article.mentions]
        return names, mentions

    return run


def test_surname_merges_into_the_full_name(entities):
    names, mentions = entities("Giorgia Meloni flew to Rome on Sunday. Speaking to reporters, Meloni said the visit went well.")
    assert ("Giorgia Meloni", "PERSON") in names
    assert ("Meloni", "Giorgia Meloni") in mentions


def test_uk_and_britain_are_one_entity_with_a_canonical_name(entities):
    names, mentions = entities("Britain signed the deal. The UK will pay for the new patrol boats.")
    assert {n for n, t in names if t == "GPE"} >= {"United Kingdom"}
    assert {name for text, name in mentions if text in {"Britain", "UK"}} == {"United Kingdom"}


def test_acronym_merges_into_the_long_name(entities):
    text = ("The World Health Organization issued new advice on Monday. "
            "The WHO said the risk remained high for older people.")
    names, mentions = entities(text)
    assert ("WHO", "World Health Organization") in mentions


def test_leading_the_and_possessive_are_cleaned_from_mentions(entities):
    _, mentions = entities("The Guardian's editor met Emma Thompson's agent in Paris.")
    texts = [t for t, _ in mentions]
    assert "Emma Thompson" in texts and "Emma Thompson's" not in texts


def test_trailing_acronym_in_brackets_is_cut_from_the_name(entities):
    names, _ = entities("The World Food Programme (WFP) said deliveries would resume on Friday.")
    assert any(n == "World Food Programme" for n, _ in names)


def test_titles_are_not_part_of_a_persons_name(entities):
    names, _ = entities("Prime Minister Keir Starmer met Broadcaster Piers Morgan in London.")
    people = {n for n, t in names if t == "PERSON"}
    assert {"Keir Starmer", "Piers Morgan"} <= people


def test_strip_title_keeps_a_lone_name():
    assert strip_title("President Emmanuel Macron") == "Emmanuel Macron"
    assert strip_title("Crown Prince Mohammed bin Salman") == "Mohammed bin Salman"
    assert strip_title("President") == "President"


def test_label_vote_repairs_a_person_tagged_as_organisation(entities):
    text = ("Keir Starmer spoke in London. Starmer said the talks went well. "
            "Starmer thanked the Italian delegation. Later Starmer left for Paris.")
    names, _ = entities(text)
    assert ("Keir Starmer", "PERSON") in names
    assert not any(n == "Starmer" for n, _ in names)


def test_social_network_is_an_organisation_not_a_person(entities):
    names, _ = entities("The singer posted the news on Twitter late on Friday.")
    assert ("Twitter", "ORG") in names


def test_name_ending_in_an_organisation_word_is_an_organisation(entities):
    names, _ = entities("She was taken to John Radcliffe Hospital in Oxford.")
    assert ("John Radcliffe Hospital", "ORG") in names


def test_one_word_name_after_in_is_a_place(entities):
    names, _ = entities("The outbreak started in Katwa last spring, officials said.")
    assert not any(n == "Katwa" and t == "PERSON" for n, t in names)


def test_shared_surname_goes_to_the_person_named_most(entities):
    text = ("Robert Mugabe ruled for decades. Robert Mugabe won again in 2013. Robert Mugabe's wife, "
            "Grace Mugabe, was at his side. Mugabe died in 2019.")
    _, mentions = entities(text)
    assert ("Mugabe", "Robert Mugabe") in mentions


def test_same_surname_of_two_equally_named_people_is_left_alone(entities):
    text = "Usman Khan met Sadiq Khan on Monday. Khan did not comment."
    _, mentions = entities(text)
    assert ("Khan", "Usman Khan") not in mentions and ("Khan", "Sadiq Khan") not in mentions


def test_plural_name_is_a_group_not_a_person(entities):
    names, _ = entities("Thousands of Londoners lined the streets on Saturday.")
    assert not any(t == "PERSON" for _, t in names)


def test_a_title_alone_is_not_a_person(entities):
    names, _ = entities("The President arrived late and the Senator left early.")
    assert not any(n.lower() in {"president", "senator"} and t == "PERSON" for n, t in names)
