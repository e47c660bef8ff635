"""Language detection: English recognised on a fast path, every other language left to py3langid."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.readers.language import (
    FAST_SAMPLE_CHARS,
    SAMPLE_CHARS,
    confident_language,
    detect_language,
    obviously_english,
    sample_words,
)
from tests.conftest import EXAMPLES, ROOT

# Short news paragraphs written for these tests, in languages that share words with English.
OTHER_LANGUAGES = {
    "fr": "Le maire de la ville a annoncé mardi que le pont serait fermé pendant trois semaines. Les habitants "
    "du quartier ont dit qu'ils étaient inquiets pour leurs commerces, et la police a promis une déviation "
    "claire pour les voitures et les bus.",
    "de": "Der Bürgermeister hat am Dienstag angekündigt, dass die Brücke drei Wochen lang gesperrt wird. Die "
    "Anwohner sagten, sie seien in Sorge um ihre Geschäfte, und die Polizei will eine Umleitung für Autos "
    "und Busse einrichten, was viele begrüßen.",
    "nl": "De burgemeester heeft dinsdag aangekondigd dat de brug drie weken dicht is. De bewoners van de wijk "
    "zeiden dat ze zich zorgen maken over hun winkels, en de politie had beloofd dat er een duidelijke "
    "omleiding komt voor auto's en bussen in het centrum.",
    "es": "El alcalde de la ciudad anunció el martes que el puente estará cerrado durante tres semanas. Los "
    "vecinos del barrio dijeron que están preocupados por sus comercios, y la policía prometió un desvío "
    "claro para los coches y los autobuses.",
    "it": "Il sindaco della città ha annunciato martedì che il ponte resterà chiuso per tre settimane. Gli "
    "abitanti del quartiere hanno detto di essere preoccupati per i loro negozi, e la polizia ha promesso "
    "una deviazione chiara per le auto e gli autobus.",
    "pt": "O prefeito da cidade anunciou na terça-feira que a ponte ficará fechada durante três semanas. Os "
    "moradores do bairro disseram que estão preocupados com as suas lojas, e a polícia prometeu um desvio "
    "claro para os carros e os ônibus.",
    "sv": "Borgmästaren meddelade på tisdagen att bron kommer att vara stängd i tre veckor. De boende i "
    "området sade att de är oroliga för sina butiker, och polisen har lovat en tydlig omledning för bilar "
    "och bussar genom centrum.",
}

ENGLISH = [EXAMPLES / "london-border-summit-ap.txt", *sorted((ROOT / "tests" / "fixtures" / "wikinews").glob("*.txt"))]


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_other_languages_never_take_the_english_fast_path(lang):
    text = OTHER_LANGUAGES[lang]
    assert not obviously_english(text)
    assert detect_language(text)[0] == lang
    assert confident_language(text) == lang


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.name)
def test_the_fast_path_agrees_with_py3langid_on_english_articles(path):
    text = path.read_text(encoding="utf-8")
    assert obviously_english(text)
    assert detect_language(text)[0] == "en"


def test_english_that_the_fast_path_cannot_vouch_for_goes_to_py3langid():
    headline_style = (
        "Storm warning: ferries cancelled, schools closed, power cuts across coastal towns as winds "
        "reach ninety miles per hour; councils open rest centres; rail services suspended until Monday."
    )
    assert not obviously_english(headline_style)
    assert confident_language(headline_style) == detect_language(headline_style)[0] == "en"


def test_too_short_to_tell_is_no_answer():
    assert confident_language("The end of the story.") is None


def test_a_name_heavy_lede_is_vouched_for_by_the_prose_after_it():
    lede = (
        "World and Commonwealth 400m champion Ama Mensah-Ruiz will race Olympic medallists Jon Peters, "
        "Kofi Boateng-Liu and Petra Novak over 60m at the Glasgow Indoor Grand Prix in February. "
    )
    names = (
        "Peters (Kent AC), Boateng-Liu (Harrow) and Novak (Prague Dukla) ran 6.51, 6.53 and 6.58 "
        "in Vienna, Ghent and Lievin last month. Also entered: Lee Sung-min (Korea), Diego Alvarez "
        "(Valencia), Tomasz Wiercinski (Poland), Eilidh MacLeod (Edinburgh AC), Jana Horakova (Brno). "
    )
    prose = (
        "She said that she was looking forward to the race and that the crowd in Glasgow had always been "
        "good to her. It was the first time that she would run there since she won the title, and she "
        "said it would be a test of how her winter of training had gone. "
    )
    text = lede + names + prose * 3
    assert SAMPLE_CHARS - 50 < len(lede + names) < SAMPLE_CHARS < len(text)
    assert not obviously_english(text[:SAMPLE_CHARS])  # the lede alone does not vouch for itself
    assert obviously_english(text)  # within FAST_SAMPLE_CHARS the prose does: no py3langid call
    assert detect_language(text)[0] == "en"


@given(st.text(alphabet=st.sampled_from("theaAZz İ\u212aé’ \n.9_ß"), max_size=1200))
def test_sample_words_by_byte_translation_equal_the_regex(text):
    expected = re.findall("[a-z]+", text[:FAST_SAMPLE_CHARS].lower())
    assert sample_words(text) == [word.encode("ascii") for word in expected]
