"""What an NLP worker (a Dask worker or a --jobs process) sends back to the writer: each article's
analysis alone, which the writer puts back on the article it sent."""

from __future__ import annotations

import pickle

from ingest.pipeline import NlpFailure, analyse_batch, prepare, process_batch, with_analyses
from ingest.readers import read_input
from tests.conftest import SEED


def prepared_seed():
    [raw] = read_input(str(SEED), "text")
    return prepare(raw)


def test_the_analysis_sent_back_makes_the_writers_article_whole(nlp):
    [expected] = process_batch([prepared_seed()])
    sent = prepared_seed()  # the writer's own copy: text, paragraphs and metadata, no analysis
    [analysis] = pickle.loads(pickle.dumps(analyse_batch(process_batch, [prepared_seed()])))
    [restored] = with_analyses([sent], [analysis])
    assert restored is sent
    assert restored.quotes and restored.mentions and restored.entities
    for field in ("entities", "mentions", "quotes", "nlp_version", "text", "paragraphs", "content_hash"):
        assert getattr(restored, field) == getattr(expected, field), field
    assert (restored.fingerprint.signature == expected.fingerprint.signature).all()
    assert restored.fingerprint.size == expected.fingerprint.size


def test_the_analysis_weighs_less_than_half_the_processed_article(nlp):
    [processed] = process_batch([prepared_seed()])
    [analysis] = analyse_batch(lambda articles: articles, [processed])
    assert len(pickle.dumps(analysis)) < len(pickle.dumps(processed)) / 2


def test_an_article_the_pipeline_failed_on_comes_back_as_its_failure(nlp):
    first, second = prepared_seed(), prepared_seed()

    def fails_on_the_first(articles):
        return [
            NlpFailure("ValueError: broken") if a is first else processed
            for a, processed in zip(articles, process_batch(list(articles)))
        ]

    analyses = pickle.loads(pickle.dumps(analyse_batch(fails_on_the_first, [first, second])))
    failure, restored = with_analyses([prepared_seed(), second], analyses)
    assert failure == NlpFailure("ValueError: broken")
    assert restored is second and restored.quotes and restored.nlp_version
