"""The feed reader: one article per item, the full content rather than the teaser, RSS and Atom."""

from __future__ import annotations

from pathlib import Path

from ingest.readers import Failure, read_input

FIXTURES = Path(__file__).parent / "fixtures"


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


def test_every_block_of_an_item_s_html_is_kept_and_the_feed_furniture_dropped(tmp_path):
    content = """<p>The city council voted on Tuesday to close the Elm Street bridge for repairs.</p>
<h2>What changes for travellers</h2>
<ul><li>Buses take the ring road.</li><li>Cyclists use the river ferry.</li></ul>
<blockquote>"We have no choice," the mayor said.</blockquote>
<figure><img src="bridge.jpg" alt="The bridge"><figcaption>The bridge seen from the north bank.</figcaption></figure>
<p>Work starts in May<br>and ends in October.</p>
<script>track("bridge")</script>
<div class="feedflare"><a href="http://feeds.example.org/~ff/x">Share this story</a></div>"""
    feed = tmp_path / "city.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>City news</title><item><title>Bridge closes</title><link>http://example.org/bridge</link>
<description>The bridge closes for repairs.</description><content:encoded><![CDATA[{content}]]></content:encoded>
</item></channel></rss>""")
    [item] = list(read_input(str(feed)))
    assert item.text.split("\n\n") == [
        "The city council voted on Tuesday to close the Elm Street bridge for repairs.",
        "What changes for travellers",
        "Buses take the ring road.",
        "Cyclists use the river ferry.",
        '"We have no choice," the mayor said.',
        "The bridge seen from the north bank.",
        "Work starts in May and ends in October.",
    ]
