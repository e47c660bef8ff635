"""The server-drawn bar chart: escaped labels, links and keys, thin bars keyed at each year."""

from __future__ import annotations

from archive.publish.chart import bar_chart, fill_months


def test_every_label_key_and_link_of_a_chart_is_escaped():
    svg = str(
        bar_chart(
            [('<script>alert("x")</script>', 3)],
            'Quotes <a> "month"',
            links={'<script>alert("x")</script>': '/s?q=a&b="c"'},
        )
    )
    assert "<script>" not in svg and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;: 3" in svg
    assert 'aria-label="Quotes &lt;a&gt; &#34;month&#34;"' in svg
    assert '<a href="/s?q=a&amp;b=&#34;c&#34;" class="bar-link">' in svg


def test_a_compact_timeline_keys_only_each_year_and_shows_values_in_tooltips():
    series = fill_months({"2023-11": 2, "2024-02": 5})
    svg = str(bar_chart(series, "Paragraphs a month", compact=True))
    assert [k for k, _ in series] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert svg.count("<rect") == 4 and "<title>2024-02: 5</title>" in svg
    assert ">2023-11</text>" in svg and ">2024-01</text>" in svg and ">2023-12</text>" not in svg
