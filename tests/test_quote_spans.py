"""`find_marked_spans`: which runs of text are between quote marks (no model needed)."""

from __future__ import annotations

from ingest.quotes.spans import find_marked_spans, is_transcript_line, looks_like_title


def texts(paragraph: str) -> list[str]:
    return [paragraph[s.start : s.end] for s in find_marked_spans(paragraph)]


def test_curly_marks_delimit_a_quote():
    assert texts("She said: “We will win.” Then she left.") == ["We will win."]


def test_straight_marks_delimit_a_quote():
    assert texts('He said: "We will win." Then he left.') == ["We will win."]


def test_mixed_straight_and_curly_marks_close_each_other():
    assert texts('the "work-related” emails and the “personal messages."') == ["work-related", "personal messages."]


def test_opening_curly_mark_typed_as_closing_one_still_closes():
    assert texts("the claim was rated “Mostly False.“ by the site") == ["Mostly False."]


def test_split_quote_gives_two_spans():
    assert texts('"We are ready," he said, "and we will not wait."') == ["We are ready,", "and we will not wait."]


def test_nested_single_quotes_stay_inside_the_quote():
    assert texts("“He told me ‘never again’ and walked out,” she said.") == ["He told me ‘never again’ and walked out,"]


def test_curly_quote_nested_in_straight_quote_is_its_own_span():
    spans = find_marked_spans('"We watched “Shark Tank.” It was fun.')
    assert [(s.depth, s.close_mark is None) for s in spans] == [(0, True), (1, False)]


def test_apostrophes_are_not_quote_marks():
    assert texts("The horses' owners recalled the '90s and rock 'n' roll.") == []


def test_unclosed_mark_runs_to_the_paragraph_end():
    [span] = find_marked_spans("“We will keep going until the job is done.", offset=100, paragraph=3)
    assert (span.start, span.close_mark, span.paragraph) == (101, None, 3)


def test_stray_closing_mark_opens_nothing():
    assert texts("end of it.” Then the minister spoke.") == []


def test_offsets_are_in_the_article():
    [span] = find_marked_spans('He said "yes".', offset=50)
    assert (span.start, span.end, span.open_mark) == (59, 62, 58)


def test_title_case_names_look_like_titles_not_speech():
    assert looks_like_title("Learning Together")
    assert looks_like_title("Fox and Friends.")
    assert not looks_like_title("We will win.")
    assert not looks_like_title("gimmick")


def test_titles_opening_with_a_number_or_in_another_language_look_like_titles():
    assert looks_like_title("24 Hours in Police Custody,")
    assert looks_like_title("Los Hijos de la Noche")
    assert looks_like_title("Smith vs Jones")
    assert not looks_like_title("2,000")  # a bare number is no title
    assert not looks_like_title("15 people died.")


def test_transcript_turn_is_recognised():
    assert is_transcript_line("WALLACE: Let's start with the news.")
    assert not is_transcript_line("We start with the news.")


def test_an_opening_mark_after_a_sentence_starts_a_new_quote_whose_break_was_lost():
    paragraph = '"I am fit enough to go on. "The manager wants me to play for my country." Then he left.'
    spans = find_marked_spans(paragraph)
    assert texts(paragraph) == ["I am fit enough to go on.", "The manager wants me to play for my country."]
    assert spans[0].close_mark is None and spans[1].close_mark is not None


def test_an_opening_mark_mid_sentence_still_closes():
    assert texts('"We are ready "he said and we left.') == ["We are ready"]


def test_a_mark_that_can_only_close_opens_nothing():
    assert texts('The pole is 6\'2" tall and he called it "fine".') == ["fine"]


def test_a_quote_holding_its_own_attribution_is_cut_around_it():
    paragraph = '"The plan is dead, Mr Howard said. We will start again." Nobody answered.'
    assert texts(paragraph) == ["The plan is dead,", "We will start again."]


def test_an_inverted_attribution_followed_by_narrative_ends_the_quote():
    paragraph = '"Nobody told the parents what to keep, said Anna Kessel, whose group lobbies Congress."'
    assert texts(paragraph) == ["Nobody told the parents what to keep,"]


def test_a_named_attribution_sentence_inside_a_quote_is_the_writers():
    paragraph = '"I had crammed in a whole career. Mr Hague added that he may have misjudged his ambition.'
    assert texts(paragraph) == ["I had crammed in a whole career."]


def test_a_speaker_quoting_someone_inside_a_quotation_stays_one_quote():
    paragraph = "\"When we met, he said, 'Our approach has not worked,' and I agreed.\" She smiled."
    assert texts(paragraph) == ["When we met, he said, 'Our approach has not worked,' and I agreed."]


def test_markup_attribute_values_and_numbers_are_not_quotations():
    paragraph = 'A post <time datetime="2016-06-29">June</time> with id "672139201337532417" and "real words".'
    assert texts(paragraph) == ["real words"]
