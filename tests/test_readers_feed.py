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


# An item as blogs embedded tweets: the tweet's furniture (time, client, buttons) is not the article.
EMBEDDED_TWEET = """<div style="padding: 20px;"><div><span><a class="twitter-follow-button"
href="http://twitter.com/citydesk">Follow @citydesk</a></span></div>
<div>Bridge closed from May. Plan your trip: example.org/bridge</div>
<div class="twitter-actions"><span class="twitter-meta"><a href="http://twitter.com/citydesk/status/1">47 minutes
ago</a> via <a href="http://itunes.apple.com/app/twitter">Twitter for Mac</a></span><a class="twitter-action
twitter-reply-action" href="https://twitter.com/intent/tweet?in_reply_to=1"><strong>Reply</strong></a><a
class="twitter-action" href="https://twitter.com/intent/retweet?tweet_id=1"><strong>Retweet</strong></a><a
class="twitter-action" href="https://twitter.com/intent/favorite?tweet_id=1"><strong>Favorite</strong></a></div></div>"""


def test_feed_items_go_through_the_page_extraction_without_embedded_tweet_debris(tmp_path):
    content = f"""<p>The city council voted on Tuesday to close the Elm Street bridge for repairs.</p>
<ul><li>Buses take the ring road.</li><li>Cyclists use the river ferry.</li></ul>
<blockquote>"We have no choice," the mayor said.</blockquote>
{EMBEDDED_TWEET}
<p>Work starts in May and ends in October, the council said in a statement on its website.</p>
<script>track("bridge")</script>
<div class="feedflare"><a href="http://feeds.example.org/~ff/x">Share this story</a></div>"""
    feed = tmp_path / "city.rss"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>City news</title><item><title>Bridge closes</title><link>http://example.org/bridge</link>
<description>The bridge closes for repairs.</description><content:encoded><![CDATA[{content}]]></content:encoded>
</item></channel></rss>""")
    [item] = list(read_input(str(feed)))
    paragraphs = item.text.split("\n\n")
    assert paragraphs[0] == "The city council voted on Tuesday to close the Elm Street bridge for repairs."
    assert "- Buses take the ring road." in paragraphs and '"We have no choice," the mayor said.' in paragraphs
    assert paragraphs[-1] == "Work starts in May and ends in October, the council said in a statement on its website."
    for debris in ("minutes ago", "Twitter for Mac", "Retweet", "Favorite", "Share this story", "track("):
        assert debris not in item.text
