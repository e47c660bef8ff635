"""The feed reader: one article per item, the full content rather than the teaser, RSS and Atom."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import Failure, read_input

FIXTURES = Path(__file__).parent / "fixtures"
TECHCRUNCH = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "feeds" / "TechCrunch.xml"


def test_rss_items_with_full_content():
    items = list(read_input(str(FIXTURES / "wikinews.rss")))
    assert len(items) == 2
    leonov, fire = items
    assert leonov.title == "Cosmonaut Alexei Leonov dies at age 85"
    assert leonov.url.endswith("Cosmonaut_Alexei_Leonov_dies_at_age_85")
    assert leonov.published_at == "2019-10-12T09:30:00+00:00"
    assert leonov.source == "Wikinews test feed"
    assert leonov.origin.endswith("wikinews.rss:1")
    assert "Federal Military Memorial Cemetery" in leonov.text  # the last paragraph: full text, not the teaser
    assert len(leonov.text.split("\n\n")) == 4  # paragraphs kept
    assert "Koszalin" in fire.text


def test_atom_entry():
    [entry] = list(read_input(str(FIXTURES / "waterloo.atom")))
    assert entry.title.startswith("Engineer killed") and entry.byline == "Wikinews contributors"
    assert len(entry.text.split("\n\n")) == 5


def test_the_fullest_text_wins_over_a_teaser_in_content(tmp_path):
    feed = tmp_path / "feed.xml"
    long = "".join(f"<p>Paragraph {i} of the article, with enough words to matter.</p>" for i in range(5))
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>t</title><item><title>x</title><link>http://example.org/x</link>
<description><![CDATA[{long}]]></description><content:encoded>A teaser.</content:encoded></item></channel></rss>""")
    [item] = list(read_input(str(feed)))
    assert item.text.count("Paragraph") == 5


def test_a_feed_without_items_and_a_non_feed(tmp_path):
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    [failure] = list(read_input(str(empty)))
    assert isinstance(failure, Failure) and failure.error == "empty" and "no items" in failure.message
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?><catalog><book>one</book></catalog>')
    [failure] = list(read_input(str(other)))
    assert isinstance(failure, Failure)


@pytest.mark.skipif(not TECHCRUNCH.exists(), reason="shared corpora not present")
def test_techcrunch_gives_its_20_articles_in_full():
    import feedparser
    import lxml.html

    items = list(read_input(str(TECHCRUNCH)))
    assert len(items) == 20 and not any(isinstance(i, Failure) for i in items)
    for item, entry in zip(items, feedparser.parse(TECHCRUNCH.read_bytes()).entries):
        full = lxml.html.fromstring(entry.content[0].value).text_content().split()
        assert len(item.text.split()) >= 0.97 * len(full), item.title
        teaser = lxml.html.fromstring(entry.summary).text_content().split()
        assert len(item.text.split()) >= len(teaser)
        assert item.url and "techcrunch.com" in item.url and item.published_at.startswith("2011-11-02")
