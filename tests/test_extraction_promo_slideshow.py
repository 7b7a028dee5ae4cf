"""A promotion set inside an article ("Also on the site:" and a slideshow of other stories, each
slide a long essay) is furniture by its name (``promo_holder``) however much running text it
holds, when the article's own prose beside it is at least ``content.OWN_SHARE`` (5%) of the
page's running text and the page's headline stands in that prose. Written after a news site of
2012 whose slideshow under a 300-word story held 3,500 words: at 10% the story's share was too
small for the rule and the slideshow was taken for the text."""

from __future__ import annotations

from crawler.extraction.article import extract_article

HEADLINE = "Congresswoman Dodges Question On Spokesperson's Health Care Remark"
STORY = [
    "WASHINGTON -- A congresswoman repeatedly declined on Thursday to answer a question about a campaign "
    "spokesperson's remark on the state health care law, turning instead to the federal one.",
    "Asked on a cable news programme whether the remark had hurt the campaign, she said she had not heard "
    "the full interview and had not seen the comments about it that circulated on social networks.",
    "She went on to describe the federal law as a burden on small employers and said it had already "
    "doubled in cost, a figure the host disputed twice before moving on to the next guest.",
    "The host tried several times to bring the conversation back to the spokesperson's remark, saying that "
    "the question was about the campaign and not about the federal law or its costs.",
    "The campaign did not respond to a request for comment on Thursday evening, and the congresswoman's "
    "office said she had nothing to add to what she had said on the air.",
]
SLIDE = (
    "One of the more positive sounding claims about the old system was that the country already had the best "
    "care in the world, so why would anyone change it. It is true that the pinnacle of medical care is found "
    "here, as the pinnacle of cooking is found in a few restaurants and the pinnacle of air travel in a first "
    "class seat. But like anything that is the best, it is not for everybody: the costs are high, the access "
    "is exclusive and the resources are scarce, and the people who fly coach in the system get something "
    "else entirely, which every objective measurement of the time called overpriced and underperforming. "
)
SLIDES = [f"{kind} number {n}" for n in ("one", "two") for kind in ("Myth", "Distortion", "Claim", "Promise")]


def page() -> str:
    story = "".join(f"<p>{line}</p>" for line in STORY)
    slides = "".join(f"<li><h4>{title}</h4><p>{title}. {SLIDE * 3}</p></li>" for title in SLIDES)
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><div id='news_content'>"
        "<div class='entry video clearfix'><div class='col entry_right full'>"
        f"<h1 class='title'>{HEADLINE}</h1><div class='entry_content'><div class='entry_body_text'>"
        f"<div class='articleBody'>{story}<p>Also on HuffPost:</p>"
        "<div class='promo_holder clearfix'><div class='hp-slideshow-wrapper-loading'>"
        f"<em>Loading Slideshow</em><ul class='hp-slideshow'>{slides}</ul></div></div>"
        "</div></div></div></div></div></div></body></html>"
    )


def test_a_promotion_ten_times_the_story_is_not_the_text() -> None:
    html = page()
    story_chars = sum(len(line) for line in STORY)
    slides_chars = len(SLIDE) * 3 * len(SLIDES)
    assert 0.05 * (story_chars + slides_chars) <= story_chars < 0.1 * (story_chars + slides_chars)  # the case
    body = extract_article(html, "https://news.example/2012/08/09/congresswoman-dodges-question_n_1759618.html")
    assert body["articleBody"].startswith("WASHINGTON -- A congresswoman repeatedly declined")
    assert "nothing to add to what she had said on the air" in body["articleBody"]
    assert "overpriced and underperforming" not in body["articleBody"]
