"""Lines that look like a claimed source but are not one, as pages carry them: forum quotes,
dates, image credits, a statistic's source, "sources say", share links, related-article boxes,
partner links, author bios. Each names the slot it goes in; none is the post's claim."""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decoy:
    kind: str
    slot: str
    html: str


DEV: list[Decoy] = [
    Decoy("forum-quote", "middle", '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container"><div class="bbcode_postedby">Originally Posted by <strong>roadwarrior77</strong> <a href="https://forums.citytalk-board.com/showthread.php?p=3390211#post3390211" rel="nofollow">View Post</a></div><div class="message">Nobody asked the people who actually live there, as usual.</div></div></div></div>'),
    Decoy("date", "title", '<span class="updated">Originally published November 9, 2022</span>'),
    Decoy("date", "end", '<p class="post-modified-info"><em>Originally published on November 9, 2022, and updated with new figures.</em></p>'),
    Decoy("image-credit", "lead", '<figure class="wp-block-image size-large"><img src="https://cdn.pressphoto-agency.com/2024/03/photo.jpg" alt=""/><figcaption>Photo: <a href="https://www.reuters.com/pictures/">Reuters</a></figcaption></figure>'),
    Decoy("image-credit", "middle", '<figure><img src="https://cdn.pressphoto-agency.com/2024/03/crowd.jpg" alt=""/><figcaption>Source: <a href="https://www.afp.com/en">AFP</a></figcaption></figure>'),
    Decoy("stat-source", "middle", '<table class="data"><thead><tr><th>Year</th><th>Cases</th></tr></thead><tbody><tr><td>2022</td><td>1,204</td></tr><tr><td>2023</td><td>1,587</td></tr></tbody></table><p>Source: <a href="https://www.health-ministry.gov.example.org/statistics/annual-report-2023">Ministry of Health</a></p>'),
    Decoy("stat-source", "end", '<div class="chart-wrap"><iframe title="Chart: cases by year" src="https://datawrapper.dwcdn.net/Xy12a/3/" scrolling="no" frameborder="0" height="400"></iframe></div><p><em>Source: <a href="https://ec.europa.eu/eurostat/databrowser/view/demo_pjan/default/table">Eurostat</a></em></p>'),
    Decoy("sources-say", "lead", '<p>Sources say the agreement could be signed within weeks, according to a report by <a href="https://www.bloomberg.com/news/articles/2024-03-11/deal-near">Bloomberg</a>, though officials declined to comment on the timing.</p>'),
    Decoy("share-via", "after", '<div class="share-row">Share via <a href="mailto:?subject=News&amp;body=Look">Email</a> | <a href="https://twitter.com/intent/tweet?url=https%3A%2F%2F{host}%2Fpost">Twitter</a></div>'),
    Decoy("related", "after", '<div class="related-box"><h4>Related coverage</h4><ul><li><a href="https://www.worldtimes-daily.com/2024/03/10/summit-ends">Summit ends without a deal</a> <span>Source: <a href="https://www.worldtimes-daily.com/">World Times</a></span></li><li><a href="https://www.eveningpost-news.net/politics/vote-delayed">Vote delayed again</a> <span>Source: <a href="https://www.eveningpost-news.net/">Evening Post</a></span></li><li><a href="https://www.capitalwire.org/markets/oil-falls">Oil falls on demand worries</a> <span>Source: <a href="https://www.capitalwire.org/">Capital Wire</a></span></li></ul></div>'),
    Decoy("partner", "after", '<div class="partner-links"><span class="label">From our partners</span><ul><li><a href="https://partner-one.shopnews.com/deal?utm_source=agg">The gadget everyone is buying this spring</a></li><li><a href="https://partner-two.travelideas.com/islands">Ten islands to visit before you are forty</a></li><li><a href="https://partner-three.moneytips.com/save">How to save a thousand a year on bills</a></li></ul></div>'),
    Decoy("author-bio", "after", '<div class="author-box"><img src="https://{host}/avatar.png" alt=""/><div class="author-desc"><h5>About the author</h5><p>Dana Whitfield covers city hall and transport. Her work has appeared in <a href="https://www.metro-journal.com/">Metro Journal</a> and <a href="https://www.citybeat-weekly.com/">CityBeat</a>. Follow her via <a href="https://twitter.com/danawhitfield">Twitter</a>.</p></div></div>'),
]

HELDOUT: list[Decoy] = [
    Decoy("image-credit", "end", '<p><img src="https://{host}/uploads/chart.png" alt="" /><br/>Foto: <a href="https://www.efe.com/">EFE</a></p>'),
    Decoy("stat-source", "middle", '<table><caption>Arbeitslosenquote</caption><tr><td>2023</td><td>5,7 %</td></tr></table><p>Quelle: <a href="https://www.destatis.de/DE/Themen/Arbeit/_inhalt.html">Statistisches Bundesamt</a></p>'),
    Decoy("forum-quote", "middle", '<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote"><div class="bbCodeBlock-title"><a href="https://talk.gardeners-forum.net/goto/post?id=88213" class="bbCodeBlock-sourceJump">Originally Posted by greenthumb:</a></div><div class="bbCodeBlock-content">We tried this in our town years ago and it worked.</div></blockquote>'),
    Decoy("related", "after", '<div class="yarpp-related"><h3>Related posts:</h3><ol><li><a href="https://{host}/2024/02/01/a/" rel="bookmark">Budget vote set for next week</a> <small>(via <a href="https://www.statehouse-report.com/">Statehouse Report</a>)</small></li><li><a href="https://{host}/2024/01/30/b/" rel="bookmark">Mayor names new police chief</a> <small>(via <a href="https://www.cityledger-online.com/">City Ledger</a>)</small></li><li><a href="https://{host}/2024/01/29/c/" rel="bookmark">Snow closes schools across the county</a> <small>(via <a href="https://www.countywatch.org/">County Watch</a>)</small></li></ol></div>'),
    Decoy("sources-say", "middle", '<p>Sources familiar with the talks said the figure could still change, as first reported by <a href="https://www.ft.com/content/abc">the Financial Times</a>.</p>'),
]
