"""Quote attribution through the real pipeline: speakers, cues, kinds, follow-ons, resolution.

All example sentences are written for these tests.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def quotes(process_text):
    """Text -> quoted (direct and partial) rows as dicts with the resolved speaker name."""

    def run(text: str, kinds=("direct", "partial")) -> list[dict]:
        article = process_text(text)
        return [
            {
                "text": q.text,
                "kind": q.kind,
                "speaker_text": q.speaker_text,
                "cue": q.cue,
                "speaker": article.entities[q.speaker_entity].name if q.speaker_entity is not None else None,
                "paragraph": q.paragraph,
                "rule": q.attribution,
                "confidence": q.confidence,
            }
            for q in article.quotes
            if q.kind in kinds
        ]

    return run


def only(rows: list[dict]) -> dict:
    assert len(rows) == 1, rows
    return rows[0]


# ----- position of the speaker ------------------------------------------------------------------


def test_speaker_before_with_colon(quotes):
    q = only(quotes('Health Secretary Wes Streeting said: "We will cut waiting lists this year."'))
    assert (q["speaker"], q["kind"], q["cue"]) == ("Wes Streeting", "direct", "said")


def test_speaker_after_the_quote(quotes):
    q = only(quotes('"The roads will reopen on Monday," Sarah Jones said.'))
    assert (q["speaker"], q["cue"]) == ("Sarah Jones", "said")


def test_inverted_speaker_after_the_verb(quotes):
    q = only(quotes('"The roads will reopen on Monday," said Sarah Jones, the council leader.'))
    assert q["speaker"] == "Sarah Jones"


def test_inverted_speaker_with_title_and_place(quotes):
    q = only(quotes('"We are proud of our city," tweeted Mayor of Paris Anne Hidalgo on Sunday.'))
    assert q["speaker"] == "Anne Hidalgo"


def test_inverted_speaker_after_an_organisation_and_a_title_is_the_person(quotes):
    text = '"The bridge will not reopen before the summer," said Transport Under Secretary Maria Lopez.'
    assert only(quotes(text))["speaker"] == "Maria Lopez"


def test_a_hyphenated_title_is_the_speaker_as_written_whole(quotes):
    text = '"Every complaint will be heard," its vice-chairman said on Monday.'
    assert only(quotes(text))["speaker_text"] == "its vice-chairman"


def test_a_name_in_an_aside_before_the_verb_is_not_the_speaker(quotes):
    text = (
        "De Luca, speaking on WOR710, called Trump a “blowhard,” and said his anti-Muslim remarks were "
        "priceless “propaganda” for terrorist groups."
    )
    assert [r["speaker"] for r in quotes(text)] == ["De Luca", "De Luca"]


def test_a_message_reading_a_quote_is_its_posters(quotes):
    text = "Tom Reed posted a message on Twitter reading “Thank you Ohio” moments after polls closed."
    assert only(quotes(text))["speaker"] == "Tom Reed"


def test_speaker_after_a_question_the_parser_split_off(quotes):
    rows = quotes('"Who will pay for the new road?" Tom Reed asked. "Nobody in this room will."')
    assert [(r["speaker"], r["cue"]) for r in rows] == [("Tom Reed", "asked"), ("Tom Reed", None)]


def test_nickname_inside_the_speakers_name_does_not_end_the_attribution(quotes):
    text = '"Vote for the schools!" The union organiser, Maria "Mimi" Lopez (Leeds), shouted to the crowd.'
    q = quotes(text)[0]
    assert q["text"] == "Vote for the schools!" and q["speaker"].endswith("Lopez")


def test_quote_after_reported_speech_belongs_to_its_speaker(quotes):
    text = 'The council may delay the vote, Anna Berg said. "Nobody wants to decide this before the election."'
    q = only(quotes(text))
    assert (q["speaker"], q["cue"]) == ("Anna Berg", "said")


def test_the_person_the_sentence_before_is_about_speaks_the_quote_that_follows(quotes):
    """No cue at all: the person who is the subject of the sentence just before, in the same
    paragraph, is quoted, not the speaker of the paragraph before; a programme's name in quote
    marks in that sentence does not count as someone quoted."""
    text = (
        '"We will fund the ferry for ten more years," Mayor Ines Duarte said on Tuesday.\n\n'
        'On "Morning Report," councillor Peter Holm pointed to the rising fares as the reason for the protest. '
        '"People on the island cannot pay twice what they paid last year."'
    )
    rows = quotes(text)
    assert [(r["speaker"], r["kind"]) for r in rows] == [("Ines Duarte", "direct"), ("Peter Holm", "direct")]


def test_colon_after_a_relative_clause_gives_the_person_it_describes(quotes):
    """`Another was X, who cited ...: "..."`: the sentence's own subject names nobody; the person
    the relative clause before the colon describes speaks."""
    for text, speaker in [
        (
            "One of the helpers was a retired teacher. Another was tour manager Peter Walsh, 29, who cited only his"
            ' experience with the sport of hockey: "I did what anyone would do and kept pressure on the wound."',
            "Peter Walsh",
        ),
        (
            'Another was chef Daniel Morgan, 35, who credited only his years in busy kitchens: "You learn to stay'
            ' calm when everything is on fire."',
            "Daniel Morgan",
        ),
    ]:
        q = only(quotes(text))
        assert (q["speaker"], q["kind"]) == (speaker, "direct")


def test_colon_after_a_clause_without_speech_verb_introduces_the_quote(quotes):
    text = 'In March, Tom Reed made the following remark:\n\n"The port will never close while I am mayor."'
    assert only(quotes(text))["speaker"] == "Tom Reed"


def test_lowercase_attribution_after_a_question_continues_the_sentence(quotes):
    text = (
        'Kate Moss watched from the sofa. "Are we winning?" she asked, but nobody answered her, '
        "and the room went quiet."
    )
    q = only(quotes(text))
    assert (q["text"], q["speaker"]) == ("Are we winning?", "Kate Moss")


def test_short_follow_on_sentence_in_the_same_paragraph(quotes):
    rows = quotes('"Here comes the champion," Kate Moss said, clapping. "The Champion!"')
    assert [(r["text"], r["speaker"]) for r in rows] == [
        ("Here comes the champion,", "Kate Moss"),
        ("The Champion!", "Kate Moss"),
    ]


def test_curly_quote_inside_a_straight_paragraph_quote_stands_on_its_own(quotes):
    text = (
        "Union leader Mark Dean continued:\n\n"
        '"The poll is clear, and I will read you the question: “Do you trust the mayor?” Most said no."'
    )
    rows = quotes(text)
    assert [(r["text"], r["speaker"]) for r in rows] == [
        ("The poll is clear, and I will read you the question:", "Mark Dean"),
        ("Do you trust the mayor?", "Mark Dean"),
    ]


def test_split_quote_gives_two_rows_with_one_speaker(quotes):
    rows = quotes('"We are ready," Maria Lopez said, "and we will not wait for anyone."')
    assert [(r["text"], r["speaker"], r["kind"]) for r in rows] == [
        ("We are ready,", "Maria Lopez", "direct"),
        ("and we will not wait for anyone.", "Maria Lopez", "direct"),
    ]


def test_speaker_in_the_previous_paragraph_ending_with_a_colon(quotes):
    q = only(quotes('Union leader Mark Dean continued:\n\n"Nobody in this hall will accept a pay cut this year."'))
    assert (q["speaker"], q["paragraph"]) == ("Mark Dean", 2)


def test_follow_on_quote_inherits_the_last_speaker(quotes):
    rows = quotes('"The plan is dead," Anna Berg said. "We will write a new one next week."')
    assert [r["speaker"] for r in rows] == ["Anna Berg", "Anna Berg"]
    assert rows[1]["cue"] is None


def test_follow_on_quote_in_the_next_paragraph(quotes):
    rows = quotes('"The plan is dead," Anna Berg said.\n\n"We will write a new one and publish it next week."')
    assert [r["speaker"] for r in rows] == ["Anna Berg", "Anna Berg"]


def test_a_cue_before_a_colon_introduces_the_next_quote_not_the_one_before(quotes):
    text = (
        '"The harbour needs dredging," said Anna Berg. "The boats cannot get in at low tide. The skippers '
        'ask: \'Who will pay?\'" Port manager, Tom Reed, added: "We will start the work in spring."'
    )
    rows = quotes(text)
    assert [r["speaker"] for r in rows] == ["Anna Berg", "Anna Berg", "Tom Reed"]


def test_a_cue_followed_by_another_before_a_colon_still_attributes_the_quote(quotes):
    text = '"The harbour needs dredging," Anna Berg said before adding: "The boats cannot get in."'
    assert [r["speaker"] for r in quotes(text)] == ["Anna Berg", "Anna Berg"]


def test_a_verb_of_intention_after_a_quote_does_not_attribute_it(quotes):
    text = (
        'Maria Lopez, the coach, spoke to reporters on Friday. "We trained hard all winter and the team is '
        'ready for the final." Tom Reed has also agreed to commentate on the final for the radio.'
    )
    assert [r["speaker"] for r in quotes(text)] == ["Maria Lopez"]


def test_multi_paragraph_quote_gives_a_row_per_paragraph_with_one_speaker(quotes):
    text = (
        'Tom Reed said: "The first thing we did was call the fire brigade.\n\n'
        '"Then we waited outside for an hour in the rain."'
    )
    rows = quotes(text)
    assert [(r["paragraph"], r["speaker"]) for r in rows] == [(1, "Tom Reed"), (2, "Tom Reed")]


def test_dash_byline_after_a_quote_names_the_speaker(quotes):
    q = only(quotes("“I am worried about the rent every single month.” ― Carla Mendes"))
    assert q["speaker"] == "Carla Mendes"


# ----- cues and tenses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cue",
    [
        "said",
        "says",
        "told reporters",
        "added",
        "warned",
        "insisted",
        "wrote",
        "has said",
        "will say",
        "explained",
        "is saying",
    ],
)
def test_speech_verbs_in_any_tense_are_cues(quotes, cue):
    q = only(quotes(f'"The bridge is not safe for heavy lorries," Peter Hall {cue}.'))
    assert q["speaker"] == "Peter Hall"
    assert q["cue"] == cue.split()[-1] if cue != "told reporters" else q["cue"] == "told"


def test_asked_is_a_cue_for_a_question(quotes):
    q = only(quotes('"Why did nobody warn us about the flood?" asked Linda Grey.'))
    assert (q["speaker"], q["cue"]) == ("Linda Grey", "asked")


def test_governing_cue_wins_over_a_nearer_verb(quotes):
    q = only(quotes('Mary Clark says the tweets accusing her neighbour are "lies and nothing else."'))
    assert (q["speaker"], q["cue"]) == ("Mary Clark", "says")


def test_quoted_as_saying_gives_the_passive_subject(quotes):
    q = only(quotes("“Clean water is our first concern,” the charity was quoted as saying."))
    assert (q["speaker_text"], q["cue"]) == ("the charity", "saying")


def test_after_saying_gives_the_passive_subject_of_the_main_clause_not_a_possessive(quotes):
    """`After saying his knee was "...", Tom Reed was taken`: Tom Reed, not the `his` after the verb."""
    q = only(
        quotes(
            "After saying his left knee was “so stiff I could hardly walk,” Tom Reed was taken to hospital for tests."
        )
    )
    assert (q["speaker_text"], q["speaker"]) == ("Tom Reed", "Tom Reed")


def test_blamed_on_frames_the_words_of_whoever_blamed(quotes):
    """`Ruiz criticised the mayor after he ... blamed the rioting on "outside agitators"`: his words."""
    q = only(
        quotes(
            "Senator Ann Ruiz criticised the mayor after he attacked the press and blamed the rioting on "
            "“outside agitators” in a speech."
        )
    )
    assert (q["speaker_text"], q["cue"]) == ("he", "blamed")


def test_ruled_frames_the_words_of_whoever_ruled(quotes):
    q = only(
        quotes("A federal judge ruled that the new map was “an unconstitutional gerrymander” and ordered it redrawn.")
    )
    assert (q["speaker_text"], q["cue"]) == ("A federal judge", "ruled")


# ----- organisations, groups and descriptions --------------------------------------------------------


def test_group_with_a_participle_speaks_when_the_parser_makes_the_participle_the_subject(quotes):
    """`Farmers driving tractors shouted`: parsed with `driving` as the clause subject of `shouted`."""
    q = only(
        quotes(
            'Farmers driving tractors through the town centre shouted "No farmers, no food!" until the police arrived.'
        )
    )
    assert (q["speaker_text"], q["cue"]) == ("Farmers", "shouted")


def test_group_with_a_participle_speaks_when_the_parser_makes_the_participle_the_main_verb(quotes):
    """`Students marching past chanted`: parsed with `marching` as the root and `chanted` hung on it."""
    q = only(quotes('Students marching past the parliament chanted "Fund our future" and waved banners.'))
    assert (q["speaker_text"], q["cue"]) == ("Students", "chanted")


def test_participle_after_a_where_clause_continues_the_clause_it_describes(quotes):
    """`..., circling the car park - where the club trains - while chanting "..."`: the nurses chant."""
    q = only(
        quotes(
            "Small groups of nurses kept up their protest outside the hospital, circling the car park - where "
            'the local football club usually trains - while chanting, "Save our ward."'
        )
    )
    assert q["speaker_text"].startswith("Small groups") and q["cue"] == "chanting"


def test_police_as_a_group_speaker(quotes):
    q = only(quotes('"The suspect is in custody and there is no further risk to the public," police said.'))
    assert q["speaker_text"] == "police" and q["speaker"] is None


def test_organisation_speaker_in_a_statement(quotes):
    q = only(quotes('The Ministry of Defence said in a statement: "Both crew members are safe and well."'))
    assert q["speaker"] == "Ministry of Defence"


def test_description_in_apposition_after_the_name(quotes):
    q = only(
        quotes(
            "Saffron Cordery, the deputy chief executive of NHS Providers, said: "
            '"Hospitals are running hot all year round."'
        )
    )
    assert q["speaker"] == "Saffron Cordery"


def test_description_before_the_name_in_apposition(quotes):
    q = only(quotes('The foreign minister, Marcelo Ebrard, said: "We will protect our citizens abroad."'))
    assert q["speaker"] == "Marcelo Ebrard"


def test_two_descriptions_joined_by_and_before_the_name_in_apposition(quotes):
    """The parser may hang the name on the second description: it still names the speaker."""
    q = only(
        quotes(
            "Ghent University trade expert and former Belgian customs official, Pieter Claes, said the new"
            " levy would not change prices.",
            kinds=("indirect",),
        )
    )
    assert q["speaker"] == "Pieter Claes"
    q = only(
        quotes(
            "Monash University mining expert and former Australian trade official, Grace Liu, said: "
            '"The timetable cannot absorb another cut."'
        )
    )
    assert q["speaker"] == "Grace Liu"


# ----- resolution ------------------------------------------------------------------------------------


def test_he_resolves_to_the_person_named_before(quotes):
    rows = quotes('Keir Starmer visited the port on Monday.\n\n"We will stop the gangs," he said.')
    assert (only(rows)["speaker_text"], only(rows)["speaker"]) == ("he", "Keir Starmer")


def test_she_resolves_to_the_subject_not_the_object(quotes):
    text = 'Maria Lopez met Tom Reed in Madrid on Friday.\n\n"It was a good meeting," she said.'
    assert only(quotes(text))["speaker"] == "Maria Lopez"


def test_surname_resolves_to_the_full_name(quotes):
    text = 'Giorgia Meloni arrived in London on Sunday.\n\n"Italy has shown the way," Meloni said.'
    q = only(quotes(text))
    assert (q["speaker_text"], q["speaker"]) == ("Meloni", "Giorgia Meloni")


def test_title_resolves_to_the_person_given_it(quotes):
    text = (
        "Prime Minister Keir Starmer opened the summit in London.\n\n"
        '"We are ready to act together," the prime minister said.'
    )
    q = only(quotes(text))
    assert (q["speaker_text"], q["speaker"]) == ("the prime minister", "Keir Starmer")


def test_a_shadow_office_is_not_the_office_itself(quotes):
    text = (
        "Anna Kerr has promised a review of sentencing. The home secretary said the review would begin next "
        "year. Shadow home secretary Tom Baird welcomed the news."
    )
    row = only([r for r in quotes(text, kinds=("indirect",)) if "review" in r["text"]])
    assert (row["speaker_text"], row["speaker"]) == ("The home secretary", "Anna Kerr")


def test_a_description_is_the_person_named_later_only_with_the_whole_title(quotes):
    text = (
        "Ian Gray has stepped down as a director of a property company.\n\nThe Welsh Liberal leader had argued "
        "that his business interests never affected his votes. Plaid Cymru Assembly leader Nia Rees said: "
        '"He should have gone months ago."'
    )
    row = only([r for r in quotes(text, kinds=("indirect",)) if "business interests" in r["text"]])
    assert row["speaker"] == "Ian Gray"


def test_relative_pronoun_speaker_is_the_noun_it_describes(quotes):
    q = only(quotes('The plan was backed by Sarah Jones, who said it was "the best deal on the table."'))
    assert q["speaker"] == "Sarah Jones"


def test_she_skips_a_nearer_man_named_by_the_article(quotes):
    text = (
        "Laura Perez chaired the hearing. Steve Baxter, the ferry captain, answered questions.\n\n"
        '"The company ignored every warning," she said.'
    )
    assert only(quotes(text))["speaker"] == "Laura Perez"


def test_gender_learnt_from_honorific(quotes):
    text = (
        "Mrs Okafor opened the clinic on Monday. Mr Bello showed the press around.\n\n"
        '"Patients will wait less," she said.'
    )
    assert only(quotes(text))["speaker"] == "Okafor"


def test_gender_learnt_from_the_pronouns_that_follow_a_person(quotes):
    text = (
        "Kerry Adeyemi founded the charity in 2010. She ran it alone for years.\n\n"
        "Jordan Mbeki later joined. He handled the accounts.\n\n"
        '"We never had enough money," she said.'
    )
    assert only(quotes(text))["speaker"] == "Kerry Adeyemi"


def test_he_prefers_the_main_subject_to_one_in_a_relative_clause(quotes):
    text = (
        "Refusing to resign, Paul Grant backed a deal in which Omar Haddad became deputy. "
        '"Nobody will push me out," he declared.'
    )
    assert only(quotes(text))["speaker"] == "Paul Grant"


def test_he_can_refer_to_the_source_of_according_to(quotes):
    text = (
        "Mark Olsen arrived late. The defence was weak, according to coach Ivan Petrov. "
        '"We must train harder," he said.'
    )
    assert only(quotes(text))["speaker"] == "Ivan Petrov"


def test_he_after_an_unnamed_spokesman_is_the_spokesman_not_the_person_named_before(quotes):
    text = (
        "Singer Mike Mills was taken to hospital on Sunday. The band's spokesman said the tour would go on. "
        "“We all want Mike to get better,” he said."
    )
    q = only(quotes(text))
    assert (q["speaker_text"], q["speaker"]) == ("he", None)


def test_he_after_a_sentence_about_the_person_named_before_is_that_person(quotes):
    text = (
        "Singer Mike Mills was taken to hospital on Sunday. The tour would go on, Mills told reporters. "
        "“We all want the fans to be patient,” he said."
    )
    assert only(quotes(text))["speaker"] == "Mike Mills"


def test_he_follows_the_speaker_not_the_subject_of_his_reported_clause(quotes):
    text = (
        'Peter Novak resigned on Friday. He said Tom Walsh was "a fair boss"; however, '
        '"the job needs someone new," he added.'
    )
    rows = quotes(text)
    assert [r["speaker"] for r in rows] == ["Peter Novak", "Peter Novak"]


def test_participle_after_a_name_speaks_for_that_name(quotes):
    text = 'The video shows footage of Maria Lopez asking, "Who will pay for the new bridge?"'
    assert only(quotes(text))["speaker"] == "Maria Lopez"


def test_participle_after_a_statement_speaks_for_who_issued_it(quotes):
    text = 'The European Commission issued a statement calling the ban "a clear breach of the treaty".'
    assert only(quotes(text))["speaker"] == "European Commission"


def test_participle_after_by_takes_the_subject_of_the_clause(quotes):
    text = 'Sarah Jones answered the critics by saying her budget was "fair to every family".'
    assert only(quotes(text))["speaker"] == "Sarah Jones"


def test_weak_cue_inside_a_reported_clause_gives_way_to_the_speech_verb(quotes):
    text = 'Anna Berg said she expects the council "to keep every library open" next year.'
    q = only(quotes(text))
    assert (q["speaker"], q["cue"]) == ("Anna Berg", "said")


# ----- partial and scare quotes, titles and nicknames -------------------------------------------------


def test_partial_quote_inside_reported_speech(quotes):
    q = only(quotes('Peter Hall said the measure was "nowhere near enough" for the families.'))
    assert (q["kind"], q["speaker"]) == ("partial", "Peter Hall")


def test_scare_quote_attributed_by_the_sentence_is_kept(quotes):
    q = only(quotes('Opposition leader Kemi Badenoch called the plan a "gimmick".'))
    assert (q["text"], q["kind"], q["speaker"], q["cue"]) == ("gimmick", "partial", "Kemi Badenoch", "called")


def test_scare_quote_with_no_speaker_is_dropped(quotes):
    assert quotes('The town is known for its "quirky" shops and cafes.') == []


def test_title_of_a_work_is_not_a_quote(quotes):
    assert quotes('The museum opened an exhibition called "Learning Together" last week.') == []


def test_nickname_is_not_a_quote(quotes):
    assert quotes('Residents call the building the "Blue House" because of its paint.') == []


def test_title_of_a_show_after_a_cue_is_not_a_quote(quotes):
    rows = quotes('"We will win this," Anna Berg said on "Morning Live."')
    assert [r["text"] for r in rows] == ["We will win this,"]


def test_transcript_turn_is_not_a_quote(quotes):
    assert quotes('"HOST: Welcome back to the programme, minister.') == []


def test_participle_after_a_comma_continues_the_speaker_before_it(quotes):
    text = (
        '"We lost the vote," Maria Lopez said, going on to say that the party had spent '
        '"ten years building nothing at all."'
    )
    rows = quotes(text)
    assert [r["speaker"] for r in rows] == ["Maria Lopez", "Maria Lopez"]


def test_framing_verbs_attribute_a_fragment(quotes):
    q = only(quotes('Senator Tom Reed characterized the budget as "a gift to the banks".'))
    assert (q["speaker"], q["cue"]) == ("Tom Reed", "characterized")


def test_it_as_speaker_keeps_the_fragment(quotes):
    q = only(quotes('The union is angry. It is condemning what it calls "the worst pay offer in decades."'))
    assert (q["speaker_text"], q["cue"]) == ("it", "calls")


def test_infinitive_cue_takes_the_subject_of_its_verb(quotes):
    q = only(quotes('Over the years, most voters have come to believe "that the river must be saved."'))
    assert (q["speaker_text"], q["cue"]) == ("most voters", "believe")


def test_speech_verb_set_in_as_an_aside_beats_a_weak_cue(quotes):
    text = 'In those years, Anna Berg said, most voters came to believe "that the river must be saved."'
    q = only(quotes(text))
    assert (q["speaker"], q["cue"]) == ("Anna Berg", "said")


def test_name_before_a_description_before_the_verb(quotes):
    q = only(quotes('"We are ready. The army is ready," Tom Reed, a retired general, said on Monday.'))
    assert q["speaker"] == "Tom Reed"


def test_description_speaking_of_a_named_person_is_the_speaker(quotes):
    q = only(quotes('The retired banker says of Maria Lopez, "If she wins, she will sell the port."'))
    assert (q["speaker_text"], q["speaker"]) == ("The retired banker", None)


def test_relative_pronoun_kept_as_written_with_the_person_resolved(quotes):
    q = only(quotes('The deal was backed by Sarah Jones, who in 2010 said the levy was "a tax on hope."'))
    assert (q["speaker_text"], q["speaker"]) == ("who", "Sarah Jones")


def test_by_saying_after_joined_verbs_takes_the_first_subject(quotes):
    text = 'Peter Hall, a doctor, appeared on the radio and began by saying he would "never" guess a diagnosis.'
    assert only(quotes(text))["speaker"] == "Peter Hall"


def test_speech_verb_right_before_the_quote_beats_the_main_verb(quotes):
    q = only(quotes('The advert ends with footage of Tom Reed saying at the rally, "We will build it."'))
    assert (q["speaker"], q["cue"]) == ("Tom Reed", "saying")


def test_stray_dash_is_not_the_subject(quotes):
    text = 'Asked about the loss ― it was the worst in years ― Tom Reed insisted, "We will recover."'
    assert only(quotes(text))["speaker"] == "Tom Reed"


def test_fragment_framed_by_a_cue_is_kept_without_a_speaker(quotes):
    text = 'The draft was replaced with softer language calling for "appropriate support."'
    q = only(quotes(text))
    assert (q["text"], q["kind"]) == ("appropriate support.", "partial")


def test_agent_of_a_passive_framing_verb_is_the_speaker(quotes):
    q = only(quotes('The delay was described by the Port Authority as "deeply regrettable".'))
    assert q["speaker"] == "Port Authority"


def test_object_of_a_framing_verb_is_not_an_inverted_speaker(quotes):
    q = only(quotes('Ignores the facts and calls men "pigs" at his rallies.'))
    assert (q["text"], q["speaker_text"]) == ("pigs", None)


def test_acronym_spelled_like_a_relative_pronoun_is_not_one(quotes):
    text = 'The World Health Organization met on Monday.\n\nOn Tuesday the WHO said the virus was "a global emergency".'
    q = only(quotes(text))
    assert q["speaker_text"] == "WHO"


def test_fragment_inside_the_subject_is_not_the_subjects_words(quotes):
    assert quotes('By 2012, opposition "super groups" had taken over the county council.') == []


def test_light_verb_does_not_make_a_fragment_its_subjects_words(quotes):
    assert quotes('The Herald sent its "chief investigator" to the coast last week.') == []


def test_relative_that_speaks_for_the_document_and_its_issuer(quotes):
    q = only(quotes('Tom Reed released a letter that says the mine is "perfectly safe" for workers.'))
    assert (q["speaker"], q["cue"]) == ("Tom Reed", "says")


def test_continuation_of_a_transcript_turn_is_not_a_quote(quotes):
    text = (
        '"HOST: Welcome back to the programme, minister.\n\n'
        '"MINISTER: Thank you. We have made real progress on the railways this year.\n\n'
        '"And the next budget will build on every part of that progress, I promise you.'
    )
    assert quotes(text) == []


# ----- reported speech ------------------------------------------------------------------------------


def test_reported_speech_with_that(quotes):
    q = only(quotes("Sarah Jones said that the council would close the library in May.", kinds=("indirect",)))
    assert (q["text"], q["speaker"], q["cue"]) == ("the council would close the library in May", "Sarah Jones", "said")


def test_reaffirmed_reports_a_claim(quotes):
    q = only(quotes("Mayor Ines Duarte reaffirmed that the bridge would reopen before winter.", kinds=("indirect",)))
    assert (q["text"], q["speaker"], q["cue"]) == ("the bridge would reopen before winter", "Ines Duarte", "reaffirmed")


def test_adding_continues_the_speaker_of_the_speech_verb_it_follows(quotes):
    """`X said A, adding B`: B is X's even when the parser hangs `adding` on A's verb."""
    rows = quotes(
        "The mayor, Ines Duarte, said the ferry would run for ten more years, adding that the fares would not rise.",
        kinds=("indirect",),
    )
    added = only([r for r in rows if r["text"] == "the fares would not rise"])
    assert (added["speaker"], added["cue"]) == ("Ines Duarte", "adding")
    assert all(r["speaker"] == "Ines Duarte" for r in rows)


def test_a_name_set_off_just_before_the_verb_beats_an_agency_parsed_as_subject(quotes):
    """`According to agency X, the mayor of Y, NAME, said ...` parsed with the agency as `said`'s
    subject: the person named between commas right before the verb speaks."""
    q = only(
        quotes(
            "According to state news agency Anadolu, the mayor of Izmir, Tunc Soyer, said the port would"
            " reopen within a week.",
            kinds=("indirect",),
        )
    )
    assert (q["text"], q["speaker"]) == ("the port would reopen within a week", "Tunc Soyer")


def test_two_clauses_before_the_verb_are_one_claim(quotes):
    q = only(
        quotes(
            "Councillor Ruth Abara warned that money was short. The repairs will cost four million pounds,"
            " but the council cannot pay for them this year, she said.",
            kinds=("indirect",),
        )[1:]
    )
    assert (q["text"], q["speaker"]) == (
        "The repairs will cost four million pounds, but the council cannot pay for them this year",
        "Ruth Abara",
    )


def test_reported_speech_without_that(quotes):
    q = only(quotes("Police said the driver had been arrested at the scene.", kinds=("indirect",)))
    assert (q["text"], q["speaker_text"]) == ("the driver had been arrested at the scene", "Police")


def test_reported_speech_according_to_at_the_start(quotes):
    q = only(quotes("According to the Met Office, the storm will reach Wales on Friday.", kinds=("indirect",)))
    assert (q["text"], q["cue"], q["speaker"]) == ("the storm will reach Wales on Friday", "according to", "Met Office")


def test_reported_speech_according_to_at_the_end(quotes):
    q = only(quotes("The fire started shortly after midnight, according to police.", kinds=("indirect",)))
    assert (q["text"], q["speaker_text"]) == ("The fire started shortly after midnight", "police")


def test_name_set_off_after_a_description_is_the_speaker(quotes):
    text = "According to the harbour master, Dee Marsh, during the storm, the ferry will stay in port."
    q = only(quotes(text, kinds=("indirect",)))
    assert q["speaker"] == "Dee Marsh"


def test_according_to_followed_by_a_relative_clause(quotes):
    text = (
        "The fire started at 2 a.m. local time (0100 GMT), according to police, "
        "who said crews arrived at the house six minutes later."
    )
    rows = quotes(text, kinds=("indirect",))
    assert ("The fire started at 2 a.m. local time (0100 GMT)", "police") in [
        (r["text"], r["speaker_text"]) for r in rows
    ]


def test_reported_speech_with_two_that_clauses_gives_two_claims(quotes):
    rows = quotes("Anna Berg said that the plan had failed and that she would resign.", kinds=("indirect",))
    assert [r["text"] for r in rows] == ["the plan had failed", "she would resign"]


def test_reported_clause_holding_a_partial_quote_is_not_indirect(quotes):
    text = 'Peter Hall said the measure was "nowhere near enough" for the families.'
    assert quotes(text, kinds=("indirect",)) == []


def test_non_finite_complement_is_not_reported_speech(quotes):
    assert quotes("Sarah Jones urged the council to reconsider.", kinds=("indirect",)) == []


def test_every_quote_lies_inside_its_paragraph(process_text):
    article = process_text(
        '"The roads will reopen on Monday," Sarah Jones said.\n\n'
        "The council said that the bridge would stay closed until the spring.\n\n"
        'Jones added: "Nobody wants the work to take longer than it must."'
    )
    assert {q.paragraph for q in article.quotes} == {1, 2, 3}
    for q in article.quotes:
        paragraph = article.paragraphs[q.paragraph - 1]
        assert paragraph.char_start <= q.char_start < q.char_end <= paragraph.char_end


# ----- the rule table: each rule names the speaker of the sentences it is for --------------------

RULE_CASES = [
    ("according to", 'The plan was "a disgrace", according to Maria Costa, the union leader.', "Maria Costa"),
    ("inverted cue", '"The roads will reopen on Monday," said Sarah Jones, the mayor.', "Sarah Jones"),
    ("split quote", '"We are ready," Tom Hale said, "and we will not wait for anyone."', "Tom Hale"),
    ("cue after", '"The roads will reopen on Monday and stay open," Sarah Jones said.', "Sarah Jones"),
    ("cue before", 'Health Secretary Wes Streeting said: "We will cut waiting lists this year."', "Wes Streeting"),
    ("dash byline", '"Every vote matters, and every voice counts." ― Sonya Herridge', "Sonya Herridge"),
    (
        "introduced",
        'Anna Berg, the coach, made one thing clear. "We train every day and we will keep training."',
        "Anna Berg",
    ),
    (
        "follow-on",
        '"We won the final," Omar Diaz said.\n\n"Next year we will defend the title at home."',
        "Omar Diaz",
    ),
    ("framing verb", 'Senator Ruth Ames rejected the plan as "provocative and reckless".', "Ruth Ames"),
    (
        "named after",
        'Harbour Master Ruth Adler retired in May.\n\n"I would rather sail a leaking boat than sit on a '
        'committee." That line from Ruth Adler still hangs in the harbour office.',
        "Ruth Adler",
    ),
]


@pytest.mark.parametrize(("rule", "text", "speaker"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_each_attribution_rule_names_its_speaker(quotes, rule, text, speaker):
    found = quotes(text)
    assert found, text
    q = found[-1]
    assert (q["rule"], q["speaker"]) == (rule, speaker)
    assert 0 < q["confidence"] <= 1


def test_a_speaker_no_entity_stands_for_is_attributed_with_less_confidence(quotes):
    named = only(quotes('"The roads will reopen on Monday and stay open," Sarah Jones said.'))
    unnamed = only(quotes('"The roads will reopen on Monday and stay open," a council spokesman said.'))
    assert unnamed["speaker"] is None and unnamed["confidence"] < named["confidence"]


def test_a_quote_nobody_is_said_to_say_has_no_rule(quotes):
    q = only(quotes('"We will not stop until every child in this country can read and write."\n\nThe campaign began.'))
    assert (q["speaker"], q["rule"], q["confidence"]) == (None, None, None)


# ----- the reference layer: who a speaker is -----------------------------------------------------


def test_a_spokesman_for_someone_is_their_own_speaker(quotes):
    text = 'Tony Blair flew to Rome. A spokesman for Mr Blair said the talks would be "long and difficult".'
    q = only(quotes(text))
    assert (q["speaker"], q["speaker_text"]) == (None, "A spokesman for Mr Blair")


def test_a_definite_person_description_refers_back_to_the_person(quotes):
    text = (
        "Ozzy Osbourne released a new album on Friday.\n\n"
        'The veteran singer said: "I never thought I would record again after the tour."'
    )
    q = only(quotes(text))
    assert (q["speaker"], q["speaker_text"]) == ("Ozzy Osbourne", "The veteran singer")


def test_a_definite_organisation_noun_refers_back_to_the_organisation_that_has_it_in_its_name(quotes):
    text = (
        "The Department of Health published its plan on Monday.\n\n"
        'The department said the plan would "cut waiting times for every patient".'
    )
    q = only(quotes(text))
    assert q["speaker"] == "Department of Health"


def test_a_possessive_opening_a_sentence_is_not_the_antecedent_of_he(quotes):
    text = (
        '"We worked hard for this," said coach Kevin Keegan.\n\n'
        "Fowler's double strike helped the team win. "
        '"I feel for the other side," he said.'
    )
    assert [q["speaker"] for q in quotes(text)] == ["Kevin Keegan", "Kevin Keegan"]


def test_rejoin_as_joining_again_is_not_a_speech_cue(quotes):
    text = (
        "Dr Liam Fox was asked whether Lord Archer could rejoin the party. "
        '"We would look at that sympathetically if he applied."'
    )
    q = only(quotes(text))
    assert q["speaker"] == "Liam Fox"


# ----- reported speech ---------------------------------------------------------------------------


def test_an_attribution_set_off_inside_the_claim_it_reports(quotes):
    text = "Then, say analysts, there is the growth in corporate profits this year."
    q = only(quotes(text, kinds=("indirect",)))
    assert q["speaker_text"] == "analysts" and q["text"].startswith("there is the growth")


def test_a_claim_whose_subject_the_parser_made_an_object_takes_it_back(quotes):
    q = only(quotes("Danny Kruger says his remark last week was misrepresented.", kinds=("indirect",)))
    assert q["text"] == "his remark last week was misrepresented"


def test_the_person_told_is_not_part_of_the_claim(quotes):
    text = "Doug Miller told our correspondent an AIS transponder will broadcast its position."
    q = only(quotes(text, kinds=("indirect",)))
    assert "correspondent" not in q["text"] and q["speaker"] == "Doug Miller"


def test_a_sentence_after_a_quotation_ending_a_sentence_is_the_writers_own(quotes):
    text = (
        'Liam Fox derided the event, saying: "It was the worst acting I have seen since the play closed." '
        "The government had broken its promises by raising taxes, he said."
    )
    q = only(quotes(text, kinds=("indirect",)))
    assert q["text"].startswith("The government had broken its promises") and q["speaker"] == "Liam Fox"


def test_the_nationality_as_a_description_is_the_person(quotes):
    text = "Marat Safin beat Mario Ancic in four sets. The Russian added that he was not worried by his ankle injury."
    q = only(quotes(text, kinds=("indirect",)))
    assert q["speaker"] == "Marat Safin"


def test_a_claim_goes_on_into_a_clause_joined_to_its_verb(quotes):
    text = "The opposition party underlined that the deal is only a framework, and construction is years away."
    q = only(quotes(text, kinds=("indirect",)))
    assert q["text"].endswith("construction is years away")


def test_the_writers_contrast_after_a_claim_is_not_part_of_it(quotes):
    text = "The President insists that the budget include money for the wall, but Congress has not agreed."
    q = only(quotes(text, kinds=("indirect",)))
    assert "Congress" not in q["text"]


def test_a_name_set_before_a_colon_is_the_speaker(quotes):
    text = 'The show returns in spring. BBC Two controller Roly Keating: "It is an exciting new era for the show."'
    q = only(quotes(text))
    assert q["speaker"] == "Roly Keating"


def test_the_statement_speaks_for_whoever_issued_it(quotes):
    text = (
        "In a statement, the Harbour Trust said the comment had been taken out of context. "
        '"He fully supports our plans for the harbour," said the statement.'
    )
    q = only(quotes(text))
    assert (q["speaker_text"], q["speaker"]) == ("the statement", "Harbour Trust")


def test_the_speaker_of_the_sentence_before_is_the_subject_of_its_main_speech_verb(quotes):
    text = (
        "Carolina Milanesi said it was difficult to say how quickly that would happen. "
        '"At the end of the day, people have cameras on their phones already."'
    )
    q = only(quotes(text))
    assert q["speaker"] == "Carolina Milanesi"


def test_an_indefinite_speaker_is_someone_new_not_the_person_given_that_title(quotes):
    text = (
        '"We will keep marching," wrote student protester Joshua Wong.\n\n'
        '"She is only trying to break the movement," said a protester at the rally.'
    )
    q = quotes(text)[-1]
    assert (q["speaker"], q["speaker_text"]) == (None, "a protester")


def test_a_name_with_its_age_before_the_verb_speaks_though_the_parser_joins_the_verb_to_the_quote(quotes):
    # The parser makes `told` a conjunct of the quoted `were`, and AFP looks like an inverted subject.
    text = (
        "“We were terribly wrong to not have questioned them from the beginning,” Ramos, 58, "
        "told AFP during a visit to Lima on Monday."
    )
    q = only(quotes(text))
    assert (q["speaker_text"], q["cue"]) == ("Ramos", "told")


def test_an_attribution_the_parser_set_apart_as_its_own_sentence_still_attributes(quotes):
    text = (
        "“It looks like the talks are over, who knows?” Marisol Vega told the station in an interview "
        "broadcast on Monday when asked how the strike would end."
    )
    q = only(quotes(text))
    assert (q["speaker"], q["cue"]) == ("Marisol Vega", "told")


def test_a_sentence_after_a_question_that_says_something_of_its_own_attributes_nothing(quotes):
    text = "“Who decides that?” Marisol Vega said the council would vote on the plan in March."
    assert [q["speaker"] for q in quotes(text)] in ([], [None])


def test_any_verb_closing_a_quote_with_its_subject_names_the_speaker(quotes):
    text = (
        "“Would the fee be negotiable?” Dana Whitlock pressed. “Maybe for families?”\n\n"
        "“It is a disgrace,” Senator Hollis fumed on Tuesday. “They never meant to pass it.”"
    )
    rows = quotes(text)
    assert [(q["speaker_text"], q["rule"]) for q in rows] == [
        ("Dana Whitlock", "cue after"),
        ("Dana Whitlock", "introduced"),
        ("Hollis", "cue after"),
        ("Hollis", "follow-on"),
    ]
    assert [q["cue"] for q in rows[::2]] == ["pressed", "fumed"]


def test_a_bare_capitalised_name_the_tagger_calls_a_noun_closes_a_quote(quotes):
    text = "“Closing it? Not an option.”\n\n“Would the fee be negotiable for the first year?” Hannity pressed."
    q = quotes(text)[-1]
    assert (q["speaker_text"], q["cue"]) == ("Hannity", "pressed")


def test_a_verb_after_a_quote_whose_subject_is_no_one_attributes_nothing(quotes):
    text = "When the mayor finally finished — “We will win this!” — the balloons cascaded onto the crowd."
    assert all(q["speaker_text"] is None for q in quotes(text))


def test_a_name_after_said_that_the_tagger_misreads_is_still_the_speaker(quotes):
    text = (
        "“It is a small firm, but I understand it is valuable,” said Skelly, explaining he worked more "
        "closely with the party.\n\n"
        "“They are spending their final days at the presidential conventions,” said Oversight ranking "
        "Democrat Elijah Cummings of Maryland."
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["Skelly", "Democrat Elijah Cummings"]


def test_a_day_after_said_is_not_a_speaker(quotes):
    text = "“The vote is lost,” said Tuesday’s bulletin from the campaign.\n\n“We will try again,” said Friday."
    assert "Friday" not in [q["speaker_text"] for q in quotes(text)]


def test_a_signature_paragraph_after_a_quote_names_its_speaker(quotes):
    text = (
        "Our fact check of the debate follows.\n\n"
        '"Big companies pay no taxes at all in this country."\n\n'
        "- Maria Delgado.\n\n"
        "That is not quite right."
    )
    q = only(quotes(text))
    assert (q["speaker"], q["rule"]) == ("Maria Delgado", "dash byline")


def test_a_list_item_after_a_quote_is_no_signature(quotes):
    text = '"We will cut taxes for every family in the country."\n\n- Obama said the plan would fail.'
    assert all(q["speaker_text"] is None for q in quotes(text))


def test_quote_marks_written_without_a_space_still_part_the_quote_from_its_attribution(quotes):
    text = (
        "“It has been a surprise to see him traffic in paranoia,”Marisol Vega said. “He knows better.”\n\n"
        "Dana Whitlock said,“Those images have no place in a campaign.”"
    )
    assert [(q["speaker"], q["rule"]) for q in quotes(text)] == [
        ("Marisol Vega", "cue after"),
        ("Marisol Vega", "follow-on"),
        ("Dana Whitlock", "cue before"),
    ]


def test_a_quoted_paragraph_after_a_paragraph_about_a_person_is_theirs_with_low_confidence(quotes):
    text = (
        "Donald Trump said Wednesday that he would change course. Trump spoke only in vague promises "
        "during the interview.\n\n"
        "“We have to be a lot tougher with everyone who trades with us.”"
    )
    q = only(quotes(text))
    assert (q["speaker"], q["rule"]) == ("Donald Trump", "paragraph before")
    assert q["confidence"] < 0.8  # pages mark it as uncertain


def test_a_quoted_paragraph_after_a_paragraph_about_no_one_is_nobodys(quotes):
    text = "The council met on Monday to vote on the budget.\n\n“We have to be a lot tougher with everyone who trades with us.”"
    assert [q["speaker_text"] for q in quotes(text)] == [None]


def test_a_credit_line_after_a_fragment_is_no_signature(quotes):
    text = 'The show was billed as "the greatest night in television."\n\n- Reuters.'
    assert "Reuters" not in [q["speaker_text"] for q in quotes(text)]


def test_the_name_after_a_quote_speaks_through_an_appositive_with_a_clause_of_its_own(quotes):
    text = (
        "“The governor needs a strategy for winning [Libertarian candidate Gary] Johnson & [Green Party "
        "hopeful Jill] Stein voters,” Dana Whitlock, the pollster who founded pollroom.com tweeted on Thursday."
    )
    q = only(quotes(text))
    assert (q["speaker_text"], q["cue"]) == ("Dana Whitlock", "tweeted")


def test_the_object_of_a_relative_clause_before_the_verb_is_not_the_speaker(quotes):
    text = (
        "“Sanders needs a plan for courting [Independent candidate Paul] Ortiz & [Labor Party hopeful Anne] "
        "Kerr voters,” Dana Whitlock, the polling analyst who founded thepollroom.com tweeted on Thursday. "
        "“They are pulling more from his side now.”"
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["Dana Whitlock", "Dana Whitlock"]


def test_a_sentence_after_a_quote_that_reports_something_of_its_own_is_no_attribution(quotes):
    text = (
        '"And I am sure they will be watching the programme with great interest." Okafor, who is under '
        "investigation by the agency, has always denied ever taking banned drugs.\n\n"
        '"They will destroy the regiments, which are the envy of armies around the world." An alternative '
        "plan had been put forward by Labour MP Dana Whitlock."
    )
    assert [q["speaker_text"] for q in quotes(text)] == [None, None]


def test_a_name_after_a_comma_outside_the_closing_mark_speaks_whatever_the_verb(quotes):
    text = '"Harris can rest easy despite the renewed debate", Martin reckons, "she will not be blocked."'
    assert [(q["speaker_text"], q["cue"]) for q in quotes(text)] == [("Martin", "reckons"), ("Martin", None)]


def test_the_next_speakers_line_after_a_quote_is_no_signature(quotes):
    text = (
        "Both sides have injury worries.\n\n"
        '- Home boss Mark Hughes: "We fully expect to progress. "If we win, we have a home tie against another '
        'club." \n - Burnley boss Steve Cotterill: "They will be fresh and we will be tired."'
    )
    assert [q["speaker"] for q in quotes(text)] == ["Mark Hughes", "Mark Hughes", "Steve Cotterill"]


def test_go_with_an_infinitive_of_its_own_after_a_quote_attributes_nothing(quotes):
    text = '"We were scared they would catch it from us, so." Then I also went to do the gardening work for a day.'
    assert [q["speaker_text"] for q in quotes(text)] in ([], [None])


@pytest.mark.parametrize(
    "after",
    [
        "Mr Wallace agreed and said the figures had to be looked at in context.",
        "The Lyric began 50 years ago but the doors opened at its present site later.",
        "Much of the credit must go to Lynton Crosby, the Australian strategist.",
    ],
)
def test_a_sentence_after_a_quote_that_is_about_something_else_does_not_attribute_it(quotes, after):
    text = f'"However, it does not mean that we will see thousands of extra students here." {after}'
    assert quotes(text)[0]["speaker_text"] is None


def test_asked_with_whom_and_when_after_a_quote_attributes_it(quotes):
    text = '"You think I am going to change?" Dana Whitlock asked reporters during a news conference last month.'
    assert only(quotes(text))["speaker_text"] == "Dana Whitlock"


def test_after_a_colon_the_clause_that_runs_to_the_colon_introduces_the_quote(quotes):
    rows = quotes(
        "When the mayor suggested that the state would sue the city over its budget, Ortiz fired back "
        'forcefully: "If they sue us in a court here, they are going to lose," pointing to the votes of the region.\n\n'
        '"There is a young man who is having some trouble," the senator said as a heckler yelled: "Go home!"\n\n'
        "The governor returned to the theme at the fair, where she wrongly suggested the judge was from Ohio: "
        '"The judge, who happens to be, we believe, from Ohio, which is fine."'
    )
    assert [q["speaker_text"] for q in rows] == ["Ortiz", "the senator", "a heckler", "she"]


def test_the_quoted_thing_itself_never_speaks(quotes):
    text = (
        "The city looks weak before the northern “offensive,” which went through three towns before reaching the river."
    )
    assert all("offensive" not in (q["speaker_text"] or "") for q in quotes(text))


def test_the_name_after_a_quote_speaks_through_a_long_description(quotes):
    text = (
        "“Very good question, very good question from this guy,” Ortiz, the state party chairman and the "
        "longest-serving member of the council by a wide margin after winning the last three elections, said "
        "when a reporter asked him about the vote."
    )
    assert only(quotes(text))["speaker_text"] == "Ortiz"


def test_a_person_named_right_before_a_colon_introduces_the_quote(quotes):
    text = (
        "The result did not surprise the veteran strategist Maria Delgado: "
        '"Newcomers who beat the favourites early always get the biggest lift."'
    )
    q = only(quotes(text))
    assert (q["speaker"], q["rule"]) == ("Maria Delgado", "introduced")


def test_added_after_a_reported_clause_joins_the_reporting_verb_not_the_clause(quotes):
    text = (
        "Standing before cheering workers at the plant, Dana Whitlock, 58, said it was too early to declare "
        'victory but added, "I think you all know how the vote went."'
    )
    assert only(quotes(text))["speaker"] == "Dana Whitlock"


def test_a_follow_on_quote_carries_over_a_paragraph_still_about_its_speaker(quotes):
    text = (
        "“We will rebuild the bridge before winter,” Mayor Dana Whitlock said on Monday.\n\n"
        "Whitlock gave no figure for the cost during the meeting.\n\n"
        "“The money is there and the crews are ready.”"
    )
    assert [(q["speaker"], q["rule"]) for q in quotes(text)] == [
        ("Dana Whitlock", "cue after"),
        ("Dana Whitlock", "follow-on"),
    ]


def test_a_paragraph_about_someone_else_ends_the_follow_on(quotes):
    text = (
        "“We will rebuild the bridge before winter,” Mayor Dana Whitlock said on Monday.\n\n"
        "Councillor Paul Ortiz asked Whitlock for a figure for the cost.\n\n"
        "“The money is there and the crews are ready.”"
    )
    assert quotes(text)[-1]["speaker"] != "Dana Whitlock"


def test_a_fragment_in_a_clause_that_someone_worried_or_found_is_theirs(quotes):
    text = (
        "During the long recession, Dana Whitlock worried that the city's safety net was becoming "
        "“a bottomless pit for consultants.”"
    )
    q = only(quotes(text))
    assert (q["speaker"], q["rule"]) == ("Dana Whitlock", "framing verb")


def test_a_quoted_clause_in_the_narrative_is_the_last_speakers_with_low_confidence(quotes):
    text = (
        "“He is supposed to stand up for this city,” Dana Whitlock said of the governor. "
        "Instead, “he just acts like a tired man.”"
    )
    rows = quotes(text)
    assert [(q["speaker"], q["rule"]) for q in rows] == [
        ("Dana Whitlock", "cue after"),
        ("Dana Whitlock", "quoted clause"),
    ]
    assert rows[1]["confidence"] < 0.8


@pytest.mark.parametrize(
    "after",
    [
        "In the words of Paul Ortiz, “the city has run out of patience.”",
        "In 2014, Pew found that “twice as many voters said the bridge mattered more than taxes.”",
    ],
)
def test_a_quoted_clause_in_a_sentence_that_names_someone_else_is_not_the_last_speakers(quotes, after):
    text = f"“He is supposed to stand up for this city,” Dana Whitlock said of the governor. {after}"
    assert "Dana Whitlock" not in [q["speaker"] for q in quotes(text)[1:]]


def test_a_name_after_and_right_before_a_joined_verb_is_its_subject(quotes):
    text = (
        'The 28-year-old striker has been training in Spain and Ortiz said: "He comes back on Tuesday '
        'and we need to see how far on he is."'
    )
    assert only(quotes(text))["speaker_text"] == "Ortiz"


@pytest.mark.parametrize(
    "text",
    [
        '"Our reforms have created a new generation," the Gulf Daily quoted Prince Faisal as saying.',
        'The Gulf Daily quoted Prince Faisal as saying: "Our reforms have created a new generation."',
    ],
)
def test_who_is_quoted_as_saying_speaks_not_who_quotes_them(quotes, text):
    speaker = only(quotes(text))["speaker_text"]
    assert "Faisal" in speaker and "Daily" not in speaker


def test_a_title_the_parser_hangs_past_a_relative_clause_is_no_name_of_the_speaker(quotes):
    text = (
        "Film star Liam Keegan held a dinner in New York for the Lyric Theatre.\n\n"
        "The Oscar-nominated actor, whose films include Harbour Lights and Star Wars: The Phantom Menace, "
        'said: "The theatre gave me a start professionally."'
    )
    assert only(quotes(text))["speaker"] == "Liam Keegan"


def test_the_noun_after_a_participle_is_what_it_reports_never_an_inverted_speaker(quotes):
    text = (
        "And he made a point of saying the nightclub where the attack happened "
        "“was a place of solidarity and hope,” as the mayor looked on."
    )
    assert "nightclub" not in (only(quotes(text))["speaker_text"] or "")


def test_the_subject_of_a_clause_a_participle_reports_is_not_its_speaker(quotes):
    text = (
        "Ministers insisted they would keep free care, despite research suggesting the cost of the policy was too low."
    )
    assert all("cost" not in (q["speaker_text"] or "") for q in quotes(text, kinds=("indirect",)))


@pytest.mark.parametrize(
    "text",
    [
        "Police did not say the man was armed.",
        "The minister refused to say the cards would become compulsory.",
        "The company declined to say when the factory would close.",
        "Fines await people who fail to say they have moved house.",
    ],
)
def test_a_claim_not_made_is_no_reported_speech(quotes, text):
    assert quotes(text, kinds=("indirect",)) == []


def test_a_claim_made_after_going_on_to_say_is_reported_speech(quotes):
    rows = quotes("The minister went on to say the cards would become compulsory.", kinds=("indirect",))
    assert [r["speaker_text"] for r in rows] == ["The minister"]


def test_a_second_said_joined_to_the_reported_clause_is_the_first_speakers(quotes):
    text = (
        "Mr Dobson has said his comments may have been offensive but were not racist, and said earlier this "
        "week he would not apologise."
    )
    rows = quotes(text, kinds=("indirect",))
    assert [r["speaker_text"] for r in rows] == ["Dobson", "Dobson"]


def test_a_name_the_tagger_misreads_after_and_still_speaks(quotes):
    text = "Tom Skelly ran the data team for the state party until last year. And Skelly called Braynard “a real smart guy.”"
    assert only(quotes(text))["speaker"] == "Tom Skelly"


def test_a_participle_after_a_name_the_parser_made_the_root_is_that_persons(quotes):
    text = (
        "Donald Trump spoke in Ohio on Monday. Trump defended eminent domain, calling the seizure of farmland "
        'a "vital tool" for the state.'
    )
    assert only(quotes(text))["speaker"] == "Donald Trump"


def test_a_role_given_before_its_person_is_named_is_the_person_the_next_sentence_names(quotes):
    text = (
        "Rail fares should be frozen for a year, the transport secretary has said. "
        "Maria Delgado told MPs the cost of the plan was being checked."
    )
    rows = quotes(text, kinds=("indirect",))
    assert [(r["speaker_text"], r["speaker"]) for r in rows] == [
        ("the transport secretary", "Maria Delgado"),
        ("Maria Delgado", "Maria Delgado"),
    ]


def test_a_role_is_not_the_person_the_next_sentence_names_as_an_object(quotes):
    text = (
        "Rail fares should be frozen for a year, the transport secretary has said. "
        "Union leaders told Maria Delgado the plan was too late."
    )
    rows = quotes(text, kinds=("indirect",))
    assert rows[0]["speaker_text"] == "the transport secretary" and rows[0]["speaker"] is None


@pytest.mark.parametrize(
    "speaker",
    ["a student using the pseudonym Mei", "a student named Mei", "a student who gave her name as Mei"],
)
def test_a_description_that_gives_a_name_speaks_as_that_person(quotes, speaker):
    text = f'"We will be back on the streets every weekend," said {speaker}.'
    assert only(quotes(text))["speaker_text"] == "Mei"


def test_assured_after_a_quote_attributes_it_to_its_subject_not_whom_it_assures(quotes):
    text = (
        "The radio host and the mayor shared a microphone last week in a first for the station. "
        '"Your show is amazing," Ortiz assured Whitlock, after Whitlock assured Ortiz that most of her '
        'listeners backed him. "I will not let you down."'
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["Ortiz", "Ortiz"]


def test_an_attribution_right_after_the_closing_mark_wins_over_a_verb_the_parser_hung_the_quote_on(quotes):
    text = (
        "If the company is indeed attempting to hide its losses — as many analysts believe, and regulators "
        "are alleging, but the firm strongly denies — “why wouldn’t you want to raise the question?” asked "
        "Dunn, now a partner at a law firm."
    )
    assert only(quotes(text))["speaker_text"] == "Dunn"


def test_a_place_named_before_a_colon_is_no_label_of_the_speaker(quotes):
    text = (
        'For example: "We made a terrible mistake building the bridge in the first place," he told WKRN in '
        'October.\n\nThen, later that month on WKRN: "I have never said we made a mistake building the bridge."'
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["he", "he"]


def test_the_sentence_before_introduces_a_quote_through_its_main_verb_not_a_relative_clause(quotes):
    text = (
        '"Where were we attacked? We were attacked downtown where the banks are," Whitlock said, with a passion '
        'that almost suggested that the question was out of line. "I did spend a whole lot of time helping '
        'them rebuild."'
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["Whitlock", "Whitlock"]


def test_whom_a_meeting_saw_warn_is_who_warned(quotes):
    text = (
        "A private dinner on Monday saw normally loyal MPs warn that squabbling could jeopardise their election hopes."
    )
    rows = quotes(text, kinds=("indirect",))
    assert [r["speaker_text"] for r in rows] == ["normally loyal MPs"]


def test_due_to_announce_reports_no_claim_yet(quotes):
    text = "Mr Hart quit last week. On Thursday he is due to announce which seat he will run in at the next election."
    assert quotes(text, kinds=("indirect",)) == []


def test_who_was_wrong_to_say_something_said_it(quotes):
    rows = quotes("The minister said Mr Dobson was wrong to say the law was biased.", kinds=("indirect",))
    assert ("the law was biased", "Dobson") in [(r["text"], r["speaker_text"]) for r in rows]


def test_a_description_right_against_its_verb_is_the_subject_not_an_apposition(quotes):
    text = (
        "Sarah Quinn has kept quiet about the housing plan.\n\nSpeaking to breakfast presenters Sam Reid and "
        'Julia Fenn, the Labour leadership contender insisted that the scheme was "unworkable" and "a gift to '
        'landlords."'
    )
    rows = quotes(text)
    assert [(r["speaker_text"], r["speaker"]) for r in rows] == [("the Labour leadership contender", "Sarah Quinn")] * 2


def test_a_weak_cue_in_a_with_clause_belongs_to_that_clauses_subject(quotes):
    text = 'The club has denied the story, with Peters taking to Twitter to call the report "pure fiction" on Sunday.'
    assert only(quotes(text))["speaker_text"] == "Peters"


def test_a_weak_cue_joined_to_a_reported_clause_about_a_thing_is_the_reporters(quotes):
    text = (
        'Senator Amy Walsh said the new budget would cut money for schools, and called it "a disgrace for the state."'
    )
    assert only(quotes(text))["speaker"] == "Amy Walsh"


def test_a_name_before_a_relative_clause_set_off_by_commas_is_the_speaker_as_written(quotes):
    text = (
        "Shop owners have protested against the closure. In a letter to the local newspaper, Mrs Anita Patel, "
        'who runs the corner shop, writes: "We have lost half our customers since the road closed."'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"], row["rule"]) == ("Anita Patel", "Anita Patel", "cue before")


def test_they_after_a_plural_reporting_subject_is_that_subject_not_an_organisation_named_before(quotes):
    text = (
        "The Marine Research Institute published the figures in May. Local officials said they believe the "
        "spill began near the harbour."
    )
    rows = quotes(text, kinds=("indirect",))
    spill = next(r for r in rows if r["text"].startswith("the spill"))
    assert (spill["speaker_text"], spill["speaker"]) == ("they", None)


def test_they_opening_a_sentence_takes_up_the_plural_subject_before_not_an_earlier_organisation(quotes):
    text = (
        "The plan was approved by the Regional Transport Board in March. Residents say the new road would cut "
        "the village in two. They said the consultation was a sham."
    )
    rows = quotes(text, kinds=("indirect",))
    sham = next(r for r in rows if "sham" in r["text"])
    assert (sham["speaker_text"], sham["speaker"]) == ("They", None)


def test_i_in_an_interview_turn_is_whoever_the_turns_label_names(quotes):
    text = (
        "Wikinews spoke to the chess player Lena Markova about her move to Norway.\n\n"
        "((WN)) Who helped you most?\n\n"
        "((Lena Markova)) My coach. I believe Petr Novak taught me more than anyone else.\n\n"
        "((WN)) I said earlier that Novak was a strict coach."
    )
    rows = quotes(text, kinds=("indirect",))
    assert [(r["speaker_text"], r["speaker"]) for r in rows] == [("I", "Lena Markova"), ("I", "WN")]


def test_i_after_a_transcript_label_in_capitals_is_the_person_of_that_surname(quotes):
    text = (
        "The chess player Lena Markova spoke on Sunday. Tom Price asked her about her coach.\n\n"
        "MARKOVA: I believe Petr Novak taught me more than anyone else."
    )
    row = only(quotes(text, kinds=("indirect",)))
    assert (row["speaker_text"], row["speaker"]) == ("I", "Lena Markova")


def test_a_participle_after_a_quoted_show_name_continues_the_clause_before(quotes):
    text = (
        "Ex-governor Ray Dunn, who endorsed Smith, savaged the plan on MSNBC’s “Morning Joe,” calling it a "
        "“non-starter” for most voters."
    )
    row = next(r for r in quotes(text) if r["text"] == "non-starter")
    assert (row["speaker_text"], row["speaker"]) == ("Ray Dunn", "Ray Dunn")


def test_a_role_joined_to_a_persons_name_is_that_person(quotes):
    text = "Former banker and Leeds City Council leader Ray Dunn, who backs Smith, said the plan was “a disgrace”."
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("Ray Dunn", "Ray Dunn")


def test_by_after_words_a_passive_weak_cue_frames_names_who_said_them(quotes):
    text = (
        "The new levy has been called “a raid on pensioners” by Maria Olsen, an economist at Lund University, "
        "and the row goes on."
    )
    assert only(quotes(text))["speaker"] == "Maria Olsen"


def test_so_called_is_no_speech_cue(quotes):
    text = "According to Maria Olsen, the so-called rescue fund has since turned into “a burden on every family.”"
    row = only(quotes(text))
    assert (row["speaker"], row["cue"]) == ("Maria Olsen", "according to")


def test_a_participle_joined_to_another_after_a_preposition_has_the_main_clauses_subject(quotes):
    text = (
        "The mayor, who skipped the debate, has eased off her attacks on the council, shifting her energy to "
        "fixing the buses and admitting that her “green agenda” will not survive the budget."
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["cue"], row["rule"]) == ("The mayor", "admitting", "cue before")


def test_a_participle_after_a_clause_about_a_thing_is_the_reporters(quotes):
    text = (
        "Governor Ray Dunn wrote that the new law had “saved lives” in a blog post, before claiming that the old "
        "rules were “killing small farms.”"
    )
    assert [r["speaker"] for r in quotes(text)] == ["Ray Dunn", "Ray Dunn"]


def test_a_quote_left_open_and_run_into_the_next_is_that_quotes_speakers(quotes):
    text = (
        "The recipes came from a notebook Mrs Joan Hart kept for forty years. \"Most of them were my grandmother's. "
        'I only changed the spices. "I never thought anyone would want to print them," Mrs Hart told the paper.'
    )
    rows = quotes(text)
    assert [(r["speaker_text"], r["rule"]) for r in rows] == [("Mrs Hart", "next quote"), ("Mrs Hart", "cue after")]


def test_a_closed_quote_before_another_voice_does_not_take_its_speaker(quotes):
    text = (
        'The match ended in a draw on Saturday. "It was a long afternoon for everyone in the ground." '
        '"We never gave up," said Tom Hall, the home captain.'
    )
    rows = quotes(text)
    assert rows[0]["rule"] != "next quote" and rows[1]["speaker"] == "Tom Hall"


def test_a_quoted_paragraph_after_one_that_reports_a_single_persons_words_is_that_persons(quotes):
    text = (
        "Schools are testing ways to keep pupils reading. Peter Hughes, a teacher in Leeds, told the BBC that boys "
        'read less after the age of ten. The gap widens every year.\n\n"The trick is to let them pick their own '
        'books and then get out of the way."'
    )
    row = only(quotes(text))
    assert (row["speaker"], row["rule"], row["confidence"]) == ("Peter Hughes", "paragraph before", 0.6)


def test_the_subject_of_a_reported_clause_is_no_inverted_speaker_when_a_name_precedes_the_verb(quotes):
    text = "Speaking at a farm show in Devon Mr Colin Hart said cheap imports were a danger to dairy farmers."
    row = only(quotes(text, kinds=("indirect",)))
    assert (row["speaker_text"], row["speaker"]) == ("Colin Hart", "Colin Hart")


def test_an_age_the_tokenizer_splits_still_describes_the_person_named_before(quotes):
    row = only(
        quotes(
            "Anna Kerr won the 1500m in Paris on Sunday. The 29-year-old said she was delighted with the time.",
            kinds=("indirect",),
        )
    )
    assert (row["speaker_text"], row["speaker"]) == ("The 29-year-old", "Anna Kerr")


def test_remarks_that_liken_something_are_their_owners_words(quotes):
    text = 'Coach Dan Morrow insists he "regrets nothing" about his comments which compared the referee to "a blind man with a whistle".'
    assert [r["speaker"] for r in quotes(text)] == ["Dan Morrow", "Dan Morrow"]


def test_an_adverb_between_the_speaker_and_the_verb_does_not_hide_the_speaker(quotes):
    text = (
        'The leaked tape, on which a voice, probably Tom Reed, clearly says Kerr "has never run a business," was '
        "played in court."
    )
    assert only(quotes(text))["speaker"] == "Tom Reed"


def test_an_organisation_whose_name_ends_in_a_prepositional_phrase_is_the_main_subject_they_take_up(quotes):
    text = (
        "Greenpeace said the dam needed a fresh review.\n\nOn Friday the European Commission on Fisheries "
        'Policy (ECFP) also condemned the plan. They published a statement which said, "The harbour must stay '
        'open to fishing boats."'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("They", "European Commission on Fisheries Policy")


def test_you_in_an_interviewers_question_is_the_one_interviewed_and_anyone_in_an_answer(quotes):
    text = (
        "Wikinews spoke to the chess player Lena Markova about her move to Norway.\n\n"
        "((WN)) You said the federation treated you unfairly. Why did you leave?\n\n"
        "((Lena Markova)) I wanted a team that wanted me. When you say the rules were unfair, people listen."
    )
    rows = {r["text"]: r for r in quotes(text, kinds=("indirect",))}
    assert rows["the federation treated you unfairly"]["speaker"] == "Lena Markova"
    assert all(r["speaker"] in (None, "Lena Markova") for r in rows.values())


def test_an_unnamed_source_keeps_where_it_sits_and_speaks_for_that_body_not_a_place(quotes):
    rows = quotes(
        'An official inside the Health Department apparently said "Nobody will tell us the real numbers." '
        'Police in Leeds said "The road will stay closed until Friday."'
    )
    assert [(r["speaker_text"], r["speaker"]) for r in rows] == [
        ("An official inside the Health Department", "Health Department"),
        ("Police in Leeds", None),
    ]


def test_an_athlete_described_by_their_job_is_the_person_named_before(quotes):
    text = (
        'Darren Cole won the 200m in Cardiff on Sunday. "I am delighted with the time," said the Newport-based athlete.'
    )
    assert only(quotes(text))["speaker"] == "Darren Cole"


def test_an_inverted_subject_that_goes_on_to_name_its_person_is_that_person_as_written(quotes):
    text = '"He changed how we teach physics," said University of Texas, Austin\'s president, Maria Olsen, at the memorial.'
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("Maria Olsen", "Maria Olsen")


def test_a_dash_aside_between_the_speaker_and_the_verb_does_not_hide_the_speaker(quotes):
    for text, speaker in (
        (
            "On Monday, Ms Kovacs - anxious to calm nervous savers - had said only a handful of small banks would be reviewed.",
            "Kovacs",
        ),
        ("Earlier, Dr Lindqvist - hoping to avoid panic - had said the outbreak was under control.", "Lindqvist"),
    ):
        assert only(quotes(text, kinds=("indirect",)))["speaker_text"] == speaker


def test_a_participle_introducing_a_quote_is_spoken_by_the_subject_of_the_narrative_before_it(quotes):
    # the parser may hang the whole sentence on the quoted verb; the words are still Okafor's
    text = (
        "Okafor did not look especially pleased with the council's offer on Monday, telling reporters, "
        '"A lot of tenants said the rent should be frozen."'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["rule"]) == ("Okafor", "cue before")


@pytest.mark.parametrize(
    "text",
    [
        "Okafor did not look especially pleased with the council's offer on Monday, telling reporters, "
        '"A lot of tenants said the rent should be frozen."',
        'Mayor Ruiz has yet to resign, saying late on Friday, "I will stay until the audit is done."',
    ],
)
def test_the_narrative_before_a_participle_that_introduces_a_quote_is_no_reported_claim(quotes, text):
    assert quotes(text, kinds=("indirect",)) == []


def test_an_age_description_the_parser_made_the_root_speaks_through_the_verb_hung_on_it(quotes):
    text = (
        "Comedian Rhys Tallant posted the sketch online on Friday.\n\n"
        '"What if the mayor had singing lessons?" the 38-year-old asked in the post.'
    )
    assert only(quotes(text))["speaker"] == "Rhys Tallant"


def test_a_quoted_name_in_the_aside_after_a_speaker_does_not_hide_the_speaker(quotes):
    text = (
        '"We have had better weeks than this one," Ohio delegate Tom Barker, wearing a cap and "Kasich" '
        "campaign pins, said matter-of-factly as the music played."
    )
    rows = [r for r in quotes(text) if r["kind"] == "direct"]
    assert only(rows)["speaker"] == "Tom Barker"


def test_an_organisation_described_by_its_kind_is_the_one_given_that_kind_not_the_last_named(quotes):
    text = (
        "The laptop was chosen as the best gadget by the American magazine Newsweek, ahead of a phone "
        'made by Samsung.\n\n"We included only mobile items," said the magazine.'
    )
    assert only(quotes(text))["speaker"] == "Newsweek"


def test_the_government_is_not_the_organisation_named_before_it(quotes):
    text = "The Electoral Commission published its report on Monday. The government said the rules would not change."
    row = only(quotes(text, kinds=("indirect",)))
    assert (row["speaker_text"], row["speaker"]) == ("The government", None)


def test_whom_asked_takes_right_after_a_question_is_the_one_asking(quotes):
    text = '"How tall will the new tower be?" asked the girl, who was holding a paper plane, as the crowd laughed.'
    row = only(quotes(text))
    assert (row["speaker_text"], row["rule"]) == ("the girl", "inverted cue")


@pytest.mark.parametrize("verb", ["quipped", "elaborated", "mused", "opined", "scoffed", "bragged", "exhorted"])
def test_a_speech_verb_before_a_quote_attributes_it(quotes, verb):
    text = f'The coach arrived straight from the airport. Lena Marsh {verb}, "I still have sand in my boots."'
    row = only(quotes(text))
    assert (row["speaker"], row["cue"], row["kind"]) == ("Lena Marsh", verb, "direct")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('Nothing the mayor said "will calm people\'s fears," the Ohio senator said.', "the Ohio senator"),
        (
            'Details of the scheme will not be released until a report is out "in the next fortnight," an aide said.',
            "an aide",
        ),
    ],
)
def test_words_left_open_by_a_comma_belong_to_the_attribution_that_closes_them(quotes, text, speaker):
    row = only(quotes(text))
    assert (row["speaker_text"], row["rule"]) == (speaker, "cue after")


def test_a_clause_with_words_of_its_own_after_a_quote_does_not_take_the_quote(quotes):
    text = 'As the coach went on about "a season of hope," Marta said yes, yes, over and over again.'
    assert only(quotes(text))["speaker_text"] == "the coach"


def test_a_description_set_off_with_its_verb_after_a_name_is_the_speaker_not_the_name(quotes):
    text = 'Okafor, a senior aide said, "is very calm, very calm about the result" of the vote.'
    assert only(quotes(text))["speaker_text"] == "a senior aide"


def test_a_document_sent_by_someone_named_in_the_phrase_speaks_for_them(quotes):
    text = (
        "Mara Lindqvist won the primary in Vermont. A fundraising email sent out by Lindqvist on Tuesday night "
        'warned of the weeks ahead: "There are nine contests in the next month."'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("A fundraising email", "Mara Lindqvist")


def test_words_framed_inside_what_someone_protested_are_the_protesters(quotes):
    text = (
        "The Republican National Committee met on Monday. "
        'His campaign protested that Morrow aides were being "evasive" because they knew Sands '
        '"already had a permit for a rally" that day.'
    )
    rows = quotes(text)
    assert [(r["text"], r["speaker_text"]) for r in rows] == [
        ("evasive", "His campaign"),
        ("already had a permit for a rally", "His campaign"),
    ]


def test_they_in_a_clause_hung_on_a_plural_subject_is_that_subject_not_an_organisation_named_before(quotes):
    text = (
        "The Antarctic Survey Trust funds the station. "
        "Local fishermen are worried because they say the water is warming."
    )
    row = only(quotes(text, kinds=("indirect",)))
    assert (row["speaker_text"], row["speaker"]) == ("they", None)


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'A person close to the audit said the files that were copied suggested the thieves wanted "trade secrets."',
            "A person",
        ),
        (
            "Councillor Ama Boateng said talks with the developer revealed there was "
            '"no room at all for social housing" in the plans.',
            "Ama Boateng",
        ),
    ],
)
def test_what_evidence_suggests_in_someones_report_is_their_words(quotes, text, speaker):
    assert only(quotes(text))["speaker_text"] == speaker


def test_a_person_who_suggests_inside_a_report_keeps_the_words(quotes):
    text = 'Her friend told the magazine that her assistant suggested she call the film "a quiet triumph".'
    assert only(quotes(text))["speaker_text"] == "her assistant"


def test_an_attribution_set_in_as_an_aside_of_the_clause_the_words_belong_to_speaks(quotes):
    text = (
        "The paradox of Ruth, says Carl Anton, historian at the National Library, is that she was "
        '"one of the most powerful mayors of the era," not for her policies (think Mary Walsh and Ann Cole) '
        'but for her "personal influence over the council."'
    )
    assert {r["speaker"] for r in quotes(text)} == {"Carl Anton"}


@pytest.mark.parametrize(
    "text, speaker_text, speaker",
    [
        (
            'As the debate went on and Tom Harlan stood by his comment Monday that "the north hates us," '
            "Moreno again tried to rebuke the front-runner.",
            "his",
            "Tom Harlan",
        ),
        (
            'Sarah Collins arrived late. Critics seized on Collins\'s remark that "the budget is a fairy tale" '
            "within hours.",
            "Collins",
            "Sarah Collins",
        ),
    ],
)
def test_words_given_as_the_content_of_someones_comment_are_theirs(quotes, text, speaker_text, speaker):
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"], row["rule"]) == (speaker_text, speaker, "their words")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Karen Ridley, who has in the past described Trump as "a reckless showman" and "a menace," '
            "posted a warning on Monday.",
            "Karen Ridley",
        ),
        (
            'The Transport Ministry has, in a statement, called on drivers to "slow down near schools."',
            "Transport Ministry",
        ),
        (
            'Marta Quist arrived on Monday. And she made a point of saying the hall "was a place of welcome," '
            "where families met.",
            "Marta Quist",
        ),
    ],
)
def test_a_phrase_between_auxiliary_and_verb_or_a_noun_before_the_participle_does_not_hide_the_speaker(
    quotes, text, speaker
):
    assert quotes(text)[0]["speaker"] == speaker


def test_a_person_described_right_before_a_finite_speech_verb_the_parser_hung_on_them_speaks(quotes):
    text = 'Some fans booed, and when Dunne thanked Cork, a man yelled "Stay there!"'
    row = only(quotes(text))
    assert (row["speaker_text"], row["cue"]) == ("a man", "yelled")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            '"He is funny," Eric Lavin said of Harlan. "But he is a circus act." Of Moreno, Lavin, who has given '
            'money to Rubio, said, "He is flat-out scary. I think he is a kind man ... But he is totally vapid."',
            "Lavin",
        ),
        (
            "Speaking to Agence France-Presse, the president of the Egyptian Bar Association, Samir Haddad, said, "
            '"We are for the freedom to dress, but the law must be respected."',
            "Samir Haddad",
        ),
    ],
)
def test_a_name_in_apposition_to_another_name_or_a_role_before_the_verb_speaks(quotes, text, speaker):
    assert quotes(text)[-1]["speaker_text"] == speaker


COUNCIL_TEXT = (
    'Council leader Roy Fenwick: "It is an exciting time for the town."\n\n'
    "A council spokeswoman said Ann Pike would stay on as project director. She said that the date of the "
    "vote was still to be agreed. The plan will be linked to the new tram line, which suggests the scheme may "
    'open in May. "We think the new line will bring the whole town together for the first time."'
)


def test_a_quote_after_a_sentence_reporting_nobody_is_the_voice_reported_just_before_in_its_paragraph(quotes):
    last = quotes(COUNCIL_TEXT)[-1]
    assert (last["speaker_text"], last["rule"]) == ("She", "introduced")


def test_she_after_an_unnamed_spokeswoman_reporting_on_a_named_woman_is_the_spokeswoman(quotes):
    claims = quotes(COUNCIL_TEXT, kinds=("indirect",))
    assert [(c["speaker_text"], c["speaker"]) for c in claims if c["speaker_text"] == "She"] == [("She", None)]


def test_the_party_is_the_one_organisation_named_with_that_word_even_when_named_later(quotes):
    text = (
        "A Liberal candidate has quit after a remark about the health service.\n\n"
        "In a statement, the party said the comment had been taken out of context. "
        '"He fully supports our plans for hospitals," said the statement. Officials at the Guardian declined '
        "to comment. The Liberal Party will choose a new candidate next week."
    )
    assert only(quotes(text))["speaker"] == "Liberal Party"


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "The Road Safety Board met on Monday. In revised proposals from the Road Safety Board, the section on "
            'cycling said helmets should be "strongly encouraged" for children.',
            "Road Safety Board",
        ),
        (
            'A survey conducted by Ledger Magazine has revealed that many Britons are "deeply unhappy" with '
            "their broadband.",
            "Ledger Magazine",
        ),
    ],
)
def test_a_document_or_its_part_speaks_for_whoever_the_sentence_says_issued_it(quotes, text, speaker):
    assert quotes(text)[0]["speaker"] == speaker


def test_a_noun_right_after_the_verb_that_closes_a_quote_is_the_speaker_whatever_the_verb(quotes):
    text = '"You can call it a harvest bonus," grins one trader. "Let us see how long it lasts."'
    rows = quotes(text)
    assert [(r["speaker_text"], r["cue"]) for r in rows] == [("one trader", "grins"), ("one trader", None)]


def test_they_is_the_plural_subject_of_a_clause_above_not_an_organisation_named_before(quotes):
    warned = "The Federal Trade Office says a new scam is spreading. Officials at the office said 800 parents were warned they would receive a fine unless they paid."
    claims = [r for r in quotes(warned, kinds=("indirect",)) if r["text"].startswith("they would")]
    assert all(r["speaker"] is None for r in claims)  # never the Federal Trade Office
    worried = (
        "The Herald Group owns the paper. Some in the industry worry that the cuts may end what they see as "
        '"proper local news" for good.'
    )
    assert [r["speaker"] for r in quotes(worried)] == []  # the term is theirs, never the Herald Group's


def test_they_under_a_campaign_or_other_body_of_people_is_that_body_not_an_organisation_named_before(quotes):
    text = (
        "The FBI said it had closed the case. It is the latest in a series of speeches. Morrow's campaign is "
        'seeking to contrast her approach with what they call Harlan\'s "self-centered message."'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("they", None)


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'After the mayor Tom Reddick mocked her budget at the hearing, Alma Fenwick fired back, "I balanced '
            'three budgets while he was still losing his."',
            "Alma Fenwick",
        ),
        ('Pressed on the sale, Gustav Lindqvist shrugged, "Ask the board what it was worth."', "Gustav Lindqvist"),
    ],
)
def test_a_main_clause_of_a_subject_and_a_verb_ending_in_a_comma_introduces_the_quote_whatever_the_verb(
    quotes, text, speaker
):
    row = only(quotes(text))
    assert (row["speaker"], row["kind"]) == (speaker, "direct")


@pytest.mark.parametrize(
    "text",
    [
        'As Alma Fenwick arrived at the hearing, "Nobody is listening," a clerk muttered to the room.',
        'Alma Fenwick opened the envelope, "Not Guilty" printed across the verdict in red.',
    ],
)
def test_a_subordinate_clause_or_a_verb_with_an_object_before_a_quote_does_not_introduce_it(quotes, text):
    assert all(r["speaker"] != "Alma Fenwick" for r in quotes(text))


@pytest.mark.parametrize(
    "text, speaker_text, speaker",
    [
        (
            '"Every harbour needs a lighthouse," read the leaflet, which was handed out at the pier.',
            "the leaflet",
            None,
        ),
        (
            "“They know the mayor is the only one who can fix the roads,” a voice-over in the ad states.",
            "a voice-over",
            None,
        ),
        (
            '"Today, the kingdom is one of the largest donors to the fund," the Danes state in the white paper.',
            "Danes",
            "Danes",
        ),
        ('"The ferry will run again in spring," Ingrid Dahl\'s message read.', "Ingrid Dahl", "Ingrid Dahl"),
    ],
)
def test_an_attribution_after_the_words_whose_verb_the_tagger_misread_still_names_the_speaker(
    quotes, text, speaker_text, speaker
):
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == (speaker_text, speaker)


def test_a_possessive_pronoun_after_the_verb_is_not_the_one_speaking(quotes):
    text = "The hearing was adjourned. It is estimated his appeal will cost the county up to $2m."
    assert all(r["speaker_text"] != "his" for r in quotes(text, kinds=("indirect",)))


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Ingrid Dahl talked about how Tom Reddick had left the harbour in "long and stubborn decline."',
            "Ingrid Dahl",
        ),
        (
            'Ingrid Dahl is questioning whether Tom Reddick would have approved the ferry "if it ran to the capital."',
            "Ingrid Dahl",
        ),
    ],
)
def test_words_framed_by_talk_or_question_are_the_talkers_not_those_of_the_clause_inside(quotes, text, speaker):
    rows = quotes(text)
    assert rows and all(r["speaker"] == speaker for r in rows), rows


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            'Ingrid Dahl applauded Tom Reddick for running the ferry "through the worst winter in memory."',
            "Ingrid Dahl",
        ),
        ('Ingrid Dahl confessed that Tom Reddick had "never read the contract."', "Ingrid Dahl"),
        ('"Stop the boat!" Ingrid Dahl cried.', "Ingrid Dahl"),
        ('"It was the best night of my life," Ingrid Dahl gushed.', "Ingrid Dahl"),
        ('Ingrid Dahl portrayed the mayor as "a man who has never taken a ferry."', "Ingrid Dahl"),
        ('Ingrid Dahl railed against the way Tom Reddick "sells the harbour by the metre."', "Ingrid Dahl"),
        ('Ingrid Dahl reasoned that Tom Reddick "will never pay for an empty boat."', "Ingrid Dahl"),
        ('"Not now," Ingrid Dahl snapped.', "Ingrid Dahl"),
        ('Ingrid Dahl thanked the crews for "keeping the island alive."', "Ingrid Dahl"),
    ],
)
def test_verbs_of_the_speech_table_attribute_the_words_they_frame(quotes, text, speaker):
    assert [r["speaker_text"] for r in quotes(text)] == [speaker]


def test_what_it_underscores_in_someones_report_is_their_words(quotes):
    text = 'Ingrid Dahl said the vote was lost. She says it underscores that the council is "deaf to the islands."'
    assert [r["speaker_text"] for r in quotes(text)] == ["She"]


def test_a_noun_a_weak_framing_verb_was_hung_on_calls_what_it_names_the_quoted_words(quotes):
    text = "Fenwick’s campaign called AP’s report a “rush to judgment,” because delegates can change their minds."
    row = only(quotes(text))
    assert (row["speaker_text"], row["cue"]) == ("Fenwick’s campaign", "called")


def test_whom_something_prompted_to_call_a_thing_a_name_is_the_one_calling(quotes):
    text = 'The vote went badly. That prompted Ingrid Dahl to stand up and call Tom Reddick "a ferry pirate."'
    assert [r["speaker_text"] for r in quotes(text)] == ["Ingrid Dahl"]


def test_a_message_sent_to_people_saying_something_is_the_senders_not_the_readers(quotes):
    text = 'Before Tom Reddick spoke, his campaign sent out a text message to supporters saying: "We won the vote!"'
    assert [r["speaker_text"] for r in quotes(text)] == ["his campaign"]


def test_who_after_a_thing_in_a_phrase_of_place_is_the_person_before_it(quotes):
    text = '"Go to the harbour," Ingrid Dahl says to Tom Reddick on camera, who responds: "Gladly!"'
    rows = quotes(text)
    assert [(r["speaker_text"], r["speaker"]) for r in rows][-1] == ("who", "Tom Reddick")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Director Tom Reddick thanked the cast. The young stars were there in the shape of Emily Carter, who "
            'plays Wendy in the film. The 14-year-old said she "would do it all again."',
            "Emily Carter",
        ),
        (
            "Watching from the front row was Maria Lindqvist, nominated for her role as Queen Margaret Tudor. "
            'Wearing a silver Armani gown, the Swedish-born actress joked: "It is tight but I love it."',
            "Maria Lindqvist",
        ),
        (
            "Karen Holt was introduced to the scheme through her coach Peter Varga, who is also on trial. The "
            '27-year-old said that doping was "so common she felt she had to cheat."',
            "Karen Holt",
        ),
    ],
)
def test_an_age_or_birthplace_description_is_the_person_just_named_not_a_part_played(quotes, text, speaker):
    assert [r["speaker"] for r in quotes(text)] == [speaker]


def test_a_surname_with_its_particle_opening_an_attribution_is_the_person_named_in_full(quotes):
    text = (
        'The philosopher Luis de Miranda has written a history of neon. "Neon was everywhere," de Miranda '
        'said. "It was a language of its own," De Miranda added.'
    )
    rows = quotes(text)
    assert [(r["speaker_text"], r["speaker"]) for r in rows] == [
        ("de Miranda", "Luis de Miranda"),
        ("De Miranda", "Luis de Miranda"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Karen Holt has been injured since June. It was hoped she would be able to return this summer.",
        "The Fenwick Trust runs the contest. It is hoped the contest will help keep British ballet alive.",
    ],
)
def test_what_was_hoped_or_said_in_the_passive_is_nobodys_claim_named_after_the_verb(quotes, text):
    assert quotes(text, kinds=("indirect",)) == []


def test_a_name_joined_to_a_prefix_by_a_hyphen_is_not_the_person_of_the_phrase(quotes):
    text = (
        "Tom Reddick was elected on Monday. When the votes were counted, anti-Reddick councillors erupted "
        'in a chorus of booing and loud chants of "not our mayor."'
    )
    assert all(r["speaker"] != "Tom Reddick" for r in quotes(text))


def test_lets_say_or_hope_is_nobodys_claim(quotes):
    text = "The ferry is late again. Let's hope the council finds the money. Let's say I bought a ticket."
    assert quotes(text, kinds=("indirect",)) == []


def test_a_number_right_after_the_speakers_noun_is_part_of_its_name(quotes):
    text = "The prince has apologised. Number 10 said an error was made but the matter should now be closed."
    claim = only(quotes(text, kinds=("indirect",)))
    assert claim["speaker_text"] == "Number 10"


def test_a_name_the_tagger_read_as_a_verb_still_closes_the_quote_as_its_speaker(quotes):
    text = (
        'Donald Trump and Marco Rubio argued over taxes.\n\n"Marco wants to be a tough guy tonight," Trump shot back.'
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"], row["cue"]) == ("Trump", "Donald Trump", "shot")


def test_a_short_sentence_after_a_quote_ending_in_a_full_stop_is_narrative_not_its_attribution(quotes):
    text = (
        'Governor Chris Christie would not let it go. "You see, everybody, this is what they do," he said. '
        '"The same line, word for word, that his advisers wrote for him." The crowd went wild.'
    )
    assert [r["speaker"] for r in quotes(text)] == ["Chris Christie", "Chris Christie"]


def test_the_person_a_relative_clause_right_before_the_verb_describes_is_the_speaker(quotes):
    text = (
        "Although there is no such overlap with his team, a council official who spoke anonymously to discuss "
        'internal strategy said Friday, "Certainly there are talks between the council and the ferry company."'
    )
    assert [r["speaker_text"] for r in quotes(text)] == ["a council official"]


@pytest.mark.parametrize(
    "text, first_words",
    [
        ("SAVANNAH — Democratic state Sen. Ann Keller on Friday spoke.", ["SAVANNAH —", "Democratic state"]),
        ("PORTLAND, Maine (AP) — Ann Keller spoke.", ["PORTLAND, Maine (AP) —", "Ann Keller"]),
        ("BRISTOL, May 4 (Reuters) — The council spoke.", ["BRISTOL, May 4 (Reuters) —", "The council"]),
        ("NATO leaders — all of them — met on Friday.", ["NATO leaders — all"]),
        ("ABS-CBN went off the air on Friday.", ["ABS-CBN went"]),
    ],
)
def test_a_dateline_opening_a_paragraph_is_not_part_of_its_first_sentence(nlp, text, first_words):
    assert [sent.text[: len(words)] for sent, words in zip(nlp(text).sents, first_words, strict=False)] == first_words
    assert len(list(nlp(text).sents)) == len(first_words)


def test_the_city_of_a_dateline_is_not_the_speaker_of_the_sentence_after_it(quotes):
    text = 'SAVANNAH — Democratic state Sen. Ann Keller on Friday pummeled Tom Reddick as divisive while praising the mayor as a "work horse."'
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("Ann Keller", "Ann Keller")


def test_who_after_a_description_set_beside_a_name_is_that_person(quotes):
    text = (
        "Ruth Adler runs the ferry service. Adler, a Cornish native who describes the island as “a rock with a "
        "pub on it,” has run the service for a decade."
    )
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("who", "Ruth Adler")


def test_a_surname_opening_a_sentence_as_its_subject_is_the_person_named_before(quotes):
    text = "Maria Lopez arrived late. Lopez further described the plan as “a mess.”"
    row = only(quotes(text))
    assert (row["speaker_text"], row["speaker"]) == ("Lopez", "Maria Lopez")


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Mayor Tom Reddick is reported to have called the islanders “free riders” who rely on the council.",
            "Tom Reddick",
        ),
        ("“Should the ferry be free?” a reporter can be heard asking Tom Reddick after the meeting.", "a reporter"),
        ('Residents were advised to expect the water to perhaps be "discolored" when it returned.', None),
        ('The ferry is said to have been called "a floating wreck" by its crew.', None),
    ],
)
def test_the_subject_of_a_passive_verb_is_the_speaker_of_the_active_verb_below_it(quotes, text, speaker):
    """Not whom someone advised, nor a thing said to have been called something."""
    assert [r["speaker_text"] for r in quotes(text)] == [speaker]


def test_a_cue_in_a_relative_clause_before_a_quote_of_the_rest_of_the_sentence_gives_way_to_the_closing_one(quotes):
    text = (
        'Sen. Ann Keller said the governor failed to address the floods. Nothing the governor said "will '
        "assuage anyone's fears,\" the Ohio senator said."
    )
    assert [r["speaker_text"] for r in quotes(text)] == ["the Ohio senator"]


def test_a_relative_clause_that_calls_someone_a_name_keeps_the_name_before_a_closing_cue(quotes):
    text = 'Sen. Ann Keller, who calls the mayor a "ferry pirate," said she would vote against him.'
    assert [r["cue"] for r in quotes(text)] == ["calls"]


def test_an_opening_participle_describes_the_sentences_speaker_not_the_subject_inside_its_own_clause(quotes):
    text = (
        "Maria Lopez spoke first. Acknowledging that Tom Reddick “says a lot of silly things,” though, Lopez did "
        "suggest that he was right."
    )
    assert [r["speaker"] for r in quotes(text)] == ["Maria Lopez"]


def test_a_name_after_said_that_is_the_subject_of_the_reported_clause_is_not_the_speaker(quotes):
    text = (
        "Saturday at the Maine Democratic party’s spring convention Sen. Ann Keller (D-ME) said presumptive "
        "Republican presidential nominee Tom Reddick was a “proven failure” at business."
    )
    assert [r["speaker"] for r in quotes(text)] == ["Ann Keller"]


def test_an_opening_participle_is_said_by_the_subject_of_the_clause_it_opens(quotes):
    text = (
        "Declaring that she alone has the strength to save the ferry and rebuild the harbour, the former mayor "
        'offered herself as a "steady hand" candidate and made a direct appeal to islanders who have felt left '
        "behind in recent years."
    )
    claim = only(quotes(text, kinds=("indirect",)))
    assert (claim["speaker_text"], claim["cue"]) == ("the former mayor", "declaring")


@pytest.mark.parametrize(
    "text",
    [
        "The Harbour Trust has grown fast. Either way, it’s important that the trust’s plans not be allowed to "
        "“disrupt” island life or its small shops.",
        'The Supreme Court ruled on Monday. Given his past comments on keeping so-called "freeloaders" off the '
        "ferry, it’s safe to say he is referring to the islanders.",
    ],
)
def test_it_in_its_important_or_its_safe_to_say_is_nobody_speaking(quotes, text):
    assert [r["speaker_text"] for r in quotes(text, kinds=("direct", "partial", "indirect"))] in ([], [None])


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Harbour Radio Vice President for news and talk Ruth Adler called the show “the island’s news show of record.”",
            "Ruth Adler",
        ),
        ("A spokesman for Mayor Tom Reddick called the plan “a fantasy.”", None),
        ("A lawyer representing Mr Doyle and Mr Reddick called the charges “a fantasy.”", None),
    ],
)
def test_a_person_the_parser_joined_to_a_role_subject_is_the_speaker_not_whom_the_role_is_for(quotes, text, speaker):
    assert [r["speaker"] for r in quotes(text)] == [speaker]


def test_a_participle_after_a_clause_about_a_thing_is_said_by_the_person_above_that_clause(quotes):
    text = (
        "Reached by phone, Tom Bennett denied the notion that a campaign shakeup is coming, explaining that he was "
        "unaware of the interview because he was “taking a day off.”"
    )
    assert [r["speaker"] for r in quotes(text)] == ["Tom Bennett"]


def test_a_name_the_parser_made_a_compound_of_the_verb_is_its_subject(quotes):
    text = (
        "Glenn Beck spoke at the rally.\n\nWhen someone in the audience shouted, “Cruz,” Beck joked, again using "
        "an exaggerated Southern accent, “Amen, sister! Come on up and get saved!”"
    )
    assert [r["speaker"] for r in quotes(text)] == [None, "Glenn Beck"]


def test_a_comment_someone_made_that_described_something_is_theirs(quotes):
    text = (
        "The mayor signed the ferry bill, which prompted his rival and current council leader Ruth Adler to make "
        "a sharp comment that described the ferry as “a floating palace.”"
    )
    assert [r["speaker"] for r in quotes(text)] == ["Ruth Adler"]


def test_what_a_document_suggests_in_someones_report_is_their_words(quotes):
    text = "Harbour Master Ruth Adler said in the letter that the advertisement “plainly and wrongly” suggests the council backs the ferry."
    assert [r["speaker"] for r in quotes(text)] == ["Ruth Adler"]


def test_who_as_the_object_before_a_name_read_as_the_relative_clauses_verb_is_called_by_that_name(quotes):
    text = (
        "Glenn Beck criticized Tom Reddick. Much of Beck’s ire was also directed at Reddick, who Beck on "
        "Wednesday called “a ferry pirate.”"
    )
    assert [r["speaker"] for r in quotes(text)] == ["Glenn Beck"]


@pytest.mark.parametrize(
    "text, claim",
    [
        ("The Harbour Trust met. The crossing, it said, will reopen in May.", "The crossing will reopen in May"),
        (
            "The ferry company spoke on Monday. The crossing, they said, will reopen in May.",
            "The crossing will reopen in May",
        ),
        ("Tom Reddick, recalled in place of Sam Jones, was twice denied a goal by the keeper.", None),
    ],
)
def test_an_attribution_set_off_by_commas_inside_the_clause_reports_that_clause(quotes, text, claim):
    """`X, they said, Y`; not a description of the subject set off the same way (`recalled in place of`)."""
    assert [r["text"] for r in quotes(text, kinds=("indirect",))] == ([claim] if claim else [])


@pytest.mark.parametrize(
    "text, claims",
    [
        (
            "The band split up. All three band members stressed that the break up was amicable, although the "
            'drummer admitted he was "devastated" to hear the news.',
            ["the break up was amicable"],
        ),
        ('Ruth Adler said the ferry should only sail if the council paid "every penny" of the cost.', []),
    ],
)
def test_a_claim_ends_before_a_concessive_clause_holding_a_quote_but_keeps_its_condition(quotes, text, claims):
    """`..., although X admitted he was "devastated"` is a statement of its own; `only if ...` is part of the claim."""
    assert [r["text"] for r in quotes(text, kinds=("indirect",))] == claims


def test_a_claim_after_an_inverted_aside_does_not_start_with_the_speaker(quotes):
    text = "Fares rose again. For instance, said Mr Doyle, season tickets are rare on the island because few people commute."
    assert [r["text"] for r in quotes(text, kinds=("indirect",))] == [
        "season tickets are rare on the island because few people commute"
    ]


@pytest.mark.parametrize(
    "text, claim",
    [
        (
            'The ferry row grew. Tom Reddick said the council broke the law and "likes sinking ferries, and laughing about it."',
            "the council broke the law",
        ),
        (
            'The ferry row grew. A council spokeswoman said the move was not about the new fares or "the loss of the night crossing".',
            "the move was not about the new fares",
        ),
    ],
)
def test_a_claim_ends_before_a_quoted_part_joined_to_it(quotes, text, claim):
    assert [r["text"] for r in quotes(text, kinds=("indirect",))] == [claim]


def test_a_sentence_after_a_quote_about_a_thing_names_no_speaker_for_it(quotes):
    text = (
        'Ruth Adler retired in May.\n\n"I would rather sail a leaking boat than sit on a committee." That line '
        "from the harbour song still makes people laugh."
    )
    assert [r["rule"] for r in quotes(text)] != ["named after"]


@pytest.mark.parametrize(
    "text",
    [
        "“Go back to your seat,” Reyes barked. “We are done here.”",
        "“Step away from the podium,” Mayor Reyes barked and a guard led the heckler out.",
    ],
)
def test_a_past_tense_verb_the_tagger_read_as_a_participle_still_closes_a_quote(quotes, text):
    assert [(q["speaker"], q["cue"]) for q in quotes(text)][0] == ("Reyes", "barked")


def test_a_sentence_quoted_after_a_dash_at_the_end_of_a_clause_is_said_by_that_clauses_subject(quotes):
    text = "Mayor Reyes also defended the new toll -- “I think the bridge pays for itself within ten years.”"
    assert [(q["speaker"], q["kind"], q["rule"]) for q in quotes(text)] == [("Reyes", "direct", "introduced")]


def test_the_one_before_a_who_aside_the_parser_made_the_verbs_object_is_its_subject(quotes):
    text = (
        "Senator Dana Whitlock spoke in Iowa. Whitlock, meanwhile, who sits at zero such endorsements, said that "
        "fact shows who is “prepared to take on the establishment.”"
    )
    assert [(q["speaker"], q["cue"]) for q in quotes(text)] == [("Dana Whitlock", "said")]


def test_a_passive_cue_with_no_agent_gives_way_to_the_attribution_closing_the_sentence(quotes):
    text = (
        "Reporter Dana Whitlock covered the hack. The group was branded “in homage to” a famous hacker, Whitlock wrote."
    )
    assert [(q["speaker"], q["cue"], q["rule"]) for q in quotes(text)] == [("Dana Whitlock", "wrote", "cue after")]


def test_a_bare_lowercase_noun_is_no_title_naming_whoever_it_once_stood_before(quotes):
    text = "The shop sold neon Valentine’s Day candies. The lamps used neon, which translates as “new.”"
    assert [q["speaker"] for q in quotes(text) if q["speaker"]] == []


def test_a_name_ending_a_role_the_parser_split_into_two_subjects_is_the_speaker(quotes):
    text = "“Warm water is attacking the shelves,” said study co-author Karen Alley."
    assert [q["speaker"] for q in quotes(text)] == ["Karen Alley"]


@pytest.mark.parametrize(
    "text",
    [
        "The plan, dismissed as “a gimmick” by Labour, passed on Tuesday.",
        "Ministers defended the inquiry — often labeled as a “witch hunt” by Labour — on Tuesday.",
    ],
)
def test_by_after_the_words_a_participle_calls_something_names_who_called_it_so(quotes, text):
    assert [q["speaker"] for q in quotes(text)] == ["Labour"]


def test_a_pronoun_attributing_again_is_the_person_whose_speech_verb_opened_the_sentence(quotes):
    text = (
        "Senator Paul Hendry spoke in Ohio. Hendry spokesman Tom Reddick said that the campaign will highlight "
        "contrasts between Hendry and Moreno to show that Hendry has “guiding principles to make critical decisions,” "
        "he said."
    )
    assert [q["speaker"] for q in quotes(text) if q["kind"] == "partial"] == ["Tom Reddick"]


def test_a_name_qualifying_a_thing_is_not_whom_he_refers_to(quotes):
    text = (
        "A Whistler painting of a bridge hangs in the hall. For Tom Reddick, who hung it, the choice was easy. "
        "“I love the bridge,” he said."
    )
    assert [q["speaker"] for q in quotes(text)] == ["Tom Reddick"]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Dana Whitlock spoke on Monday. Whitlock’s assertion that “thousands” of voters backed the ferry was false.",
        "Mayor Dana Whitlock spoke on Monday. Her past statements, including her promise to stay “neutral” in the "
        "talks, drew fire.",
        "Mayor Dana Whitlock spoke on Monday. While Whitlock’s call for a “revolution” draws crowds, others stay away.",
        "Mayor Dana Whitlock spoke on Monday. Whitlock’s boldest claim is that the council is a “closed shop.”",
    ],
)
def test_a_fragment_inside_what_someone_claims_promises_or_calls_for_is_theirs(quotes, text):
    assert [(q["speaker"], q["rule"]) for q in quotes(text)] == [("Dana Whitlock", "their words")]


def test_it_after_a_description_its_own_sentence_names_is_that_organisation_not_one_named_before(quotes):
    text = (
        "Nexus Media Group began the campaign in late November. Monitoring firm Netwatch Ltd found that the "
        "campaign was proving a little too successful. According to response-time figures gathered by Netwatch "
        "Ltd, some of the sites were being knocked offline. In a statement from Nexus Media Group announcing the "
        "scrapping of the scheme, the company denied that this was its fault. “There is nothing to suggest that "
        "the campaign has brought down any of the sites,” it said."
    )
    assert [q["speaker"] for q in quotes(text) if q["kind"] == "direct"] == ["Nexus Media Group"]


def test_a_description_sharing_more_of_a_title_is_the_organisation_given_it(quotes):
    text = (
        "Struggling Japanese car maker Kanto Motors has struck a deal to supply French car maker Renard Group "
        "with vans. On Monday, the Japanese car maker said it was “looking for further backing.”"
    )
    assert [q["speaker"] for q in quotes(text)] == ["Kanto Motors"]


def test_he_after_a_title_as_main_subject_is_the_one_given_that_title(quotes):
    text = (
        "Opposition leader Michael Howard called for an inquiry. The home secretary, David Blunkett, has already "
        "admitted he was wrong to give the tickets away. Mr Howard said the affair was serious. The home "
        "secretary has since paid the money back. He has apologised for “a genuine mistake” and says he will "
        "write to the watchdog."
    )
    assert [q["speaker"] for q in quotes(text)] == ["David Blunkett"]


def test_a_title_whose_other_words_differ_is_not_the_description(quotes):
    text = (
        "New Home Secretary Charles Clarke vowed the men would remain in prison. Jack Straw spoke later on the "
        "radio. The foreign secretary insisted it was for Parliament “and not judges” to decide."
    )
    assert [q["speaker"] for q in quotes(text)] == ["Jack Straw"]


def test_a_description_with_other_words_than_a_title_that_is_no_office_still_refers_to_its_holder(quotes):
    text = (
        "Rock star Tom Reddick tackled a burglar at his home. His wife Sharon, who called the police, said her "
        "rings were taken. The heavy metal star said he had “acted on impulse.”"
    )
    assert [q["speaker"] for q in quotes(text)] == ["Tom Reddick"]


def test_a_name_before_the_role_it_qualifies_is_not_the_person_in_that_role(quotes):
    text = (
        "Blogger Arash Sigarchi was jailed on Monday. Mr Sigarchi’s lawyer called the trial “illegal and incompetent.”"
    )
    assert [(q["speaker_text"], q["speaker"]) for q in quotes(text)] == [("Mr Sigarchi’s lawyer", None)]


def test_what_someone_told_a_listener_is_reported_even_when_parsed_as_a_relative_clause_on_the_listener(quotes):
    text = (
        "Dana Whitlock left the country. She informed police she had diplomatic immunity, but “that she had no "
        "plans to leave the country in the near future”."
    )
    claims = [(q["text"], q["speaker"]) for q in quotes(text, kinds=("indirect",))]
    assert claims == [("she had diplomatic immunity", "Dana Whitlock")]


@pytest.mark.parametrize(
    "text, claims",
    [
        ("The High Court ruled that the ferry levy was lawful.", [("the ferry levy was lawful", "High Court")]),
        (
            "Harbour manager Stephen Toulouse said the flaws were known about, and although the firm had not seen "
            "any attacks, he did not rule them out.",
            [
                (
                    "the flaws were known about, and although the firm had not seen any attacks, he did not rule "
                    "them out",
                    "Stephen Toulouse",
                )
            ],
        ),
    ],
)
def test_a_ruling_is_reported_but_ruling_something_out_is_not(quotes, text, claims):
    assert [(q["text"], q["speaker_text"]) for q in quotes(text, kinds=("indirect",))] == claims


def test_a_quote_after_someone_called_a_person_something_is_the_callers(quotes):
    text = (
        "Tom Reddick is a coal baron. “I felt like I was having my moment,” Mr Reddick said.\n\n"
        "He has bought troubled nursing homes and a forest preserve.\n\n"
        "In the 1990s, he turned one of his companies into a large business. His former business partner at "
        "Lenox, Lawrence B. Cummings, called him a master at bolting together impossible business transactions. "
        "“He showed again and again an ability to put together deals that other people couldn’t.”"
    )
    assert [(q["speaker"], q["rule"]) for q in quotes(text)][-1] == ("Lawrence B. Cummings", "introduced")


def test_a_participle_after_a_when_clause_is_said_by_that_clauses_subject(quotes):
    text = (
        "The first incident came during a speech at the university, when student protesters interrupted her "
        "speech, shouting “she wins, we lose!”"
    )
    assert [q["speaker_text"] for q in quotes(text)] == ["student protesters"]


def test_a_name_qualifying_a_group_of_people_is_not_one_of_them(quotes):
    text = "Senator Dana Whitlock spoke in Ohio. Angry Whitlock supporters chanted “four more years” outside the hall."
    assert [(q["speaker_text"], q["speaker"]) for q in quotes(text)] == [("Angry Whitlock supporters", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Whichever way the court rules the other side will appeal so we expect it to drag on into the campaign.",
        "Supporters should vote in person if records indicate they have not voted.",
    ],
)
def test_what_someone_may_say_under_a_condition_is_no_claim(quotes, text):
    assert quotes(text, kinds=("indirect",)) == []
