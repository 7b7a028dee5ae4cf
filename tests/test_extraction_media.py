"""The article's videos and audios (``crawler/extraction/media.py``) and the modification date as
the page writes it: zyte-common-items' ``Article.videos``, ``audios`` and ``dateModifiedRaw``."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from crawler.extraction import extract_article
from crawler.extraction.media import MAX_MEDIA, player_of

PROSE = (
    "The harbour authority opened its new ferry terminal on Saturday after three years of works, with"
    " twice the waiting room of the old shed, a covered walkway to the trams and berths for four boats."
)
URL = "https://news.example/2025/06/ferry-terminal"


def page(body_extra: str = "", sidebar: str = "", head: str = "", jsonld: dict[str, object] | None = None) -> str:
    """A story: ``body_extra`` inside its text's container, ``sidebar`` in a rail beside it."""
    paragraphs = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(8))
    ld = f"<script type='application/ld+json'>{json.dumps(jsonld)}</script>" if jsonld else ""
    return (
        f"<html><head><title>New ferry terminal opens | Harbour News</title>{head}{ld}</head><body>"
        "<div class='masthead'><a href='/'>Harbour News</a></div>"
        f"<article><h1>New ferry terminal opens</h1><div class='text'>{paragraphs[:len(paragraphs) // 2]}"
        f"{body_extra}{paragraphs[len(paragraphs) // 2:]}</div></article>"
        f"<aside class='rail'><h3>Watch</h3>{sidebar}<ul>"
        + "".join(f"<li><a href='/x/{n}'>Other story number {n}</a></li>" for n in range(8))
        + "</ul></aside></body></html>"
    )


def urls(found: list[dict[str, str]] | None) -> list[str]:
    return [item["url"] for item in found or []]


def test_a_page_without_media_has_none() -> None:
    record = extract_article(page(), URL)
    assert record["videos"] is None
    assert record["audios"] is None
    assert record["dateModifiedRaw"] is None


def test_players_in_the_text() -> None:
    body = (
        "<video controls poster='/stills/terminal.jpg'><source src='/media/terminal.mp4' type='video/mp4'>"
        "<source src='/media/terminal.webm' type='video/webm'>Your browser does not support the video tag.</video>"
        "<figure><audio controls src='https://cdn.example/audio/interview.mp3'>"
        "<a href='https://cdn.example/audio/interview.mp3'>Download</a></audio></figure>"
        "<iframe src='//player.example/embed/9' allow='accelerometer; autoplay; encrypted-media; gyroscope;"
        " picture-in-picture' allowfullscreen></iframe>"
    )
    record = extract_article(page(body), URL)
    assert urls(record["videos"]) == [
        "https://news.example/media/terminal.mp4",  # the first source, made absolute
        "https://player.example/embed/9",
    ]
    assert urls(record["audios"]) == ["https://cdn.example/audio/interview.mp3"]
    # the players' fallback is not the article's text
    assert "does not support" not in record["articleBody"] and "Download" not in record["articleBody"]


def test_what_is_no_article_video() -> None:
    body = (
        # a map's and a slide deck's embed codes ask for full screen too; a tweet's asks for nothing
        "<iframe src='https://maps.example/embed?pb=1' allowfullscreen loading='lazy'></iframe>"
        "<iframe src='https://slides.example/d/1/embed' allowfullscreen='true' mozallowfullscreen='true'"
        " webkitallowfullscreen='true'></iframe>"
        "<iframe src='https://social.example/embed/status/1' scrolling='no'></iframe>"
        # no address, or none on the web
        "<video controls></video><video src='blob:https://news.example/0f3c'></video>"
        "<audio src='data:audio/mp3;base64,AAAA'></audio>"
        "<iframe src='about:blank' allow='encrypted-media'></iframe>"
    )
    sidebar = "<video src='/media/promo.mp4' controls></video>"  # beside the story, not in it
    record = extract_article(page(body, sidebar), URL)
    assert record["videos"] is None
    assert record["audios"] is None


def test_declared_media_first_each_once() -> None:
    jsonld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "New ferry terminal opens",
        "datePublished": "2025-06-14T09:00:00+02:00",
        "dateModified": "2025-06-14T18:30:00+02:00",
        "video": [
            {"@type": "VideoObject", "contentUrl": "https://cdn.example/v/terminal.mp4",
             "embedUrl": "https://player.example/embed/9"},
            {"@id": "https://news.example/#clip"},
            {"@type": "ImageObject", "contentUrl": "https://cdn.example/i/still.jpg"},
        ],
        "audio": {"@type": "AudioObject", "embedUrl": "https://cdn.example/audio/interview.mp3"},
    }
    clip = {"@context": "https://schema.org", "@type": "VideoObject", "@id": "https://news.example/#clip",
            "name": "Drone flight", "contentUrl": "/media/drone.mp4"}
    head = (
        f"<script type='application/ld+json'>{json.dumps(clip)}</script>"
        "<meta property='og:video:secure_url' content='https://cdn.example/og/terminal.mp4'>"
        "<meta property='og:video' content='http://cdn.example/og/terminal.mp4'>"
        "<meta property='og:audio' content='https://cdn.example/audio/interview.mp3'>"
    )
    body = "<video src='https://cdn.example/v/terminal.mp4' controls></video><video src='/media/extra.mp4'></video>"
    record = extract_article(page(body, head=head, jsonld=jsonld), URL)
    assert urls(record["videos"]) == [
        "https://cdn.example/v/terminal.mp4",  # contentUrl before embedUrl; the same player in the text once
        "https://news.example/media/drone.mp4",  # a reference by @id, made absolute
        "https://cdn.example/og/terminal.mp4",  # og:video:secure_url before og:video
        "https://news.example/media/extra.mp4",
    ]
    assert urls(record["audios"]) == ["https://cdn.example/audio/interview.mp3"]
    assert record["dateModified"] == "2025-06-14T18:30:00+02:00"
    assert record["dateModifiedRaw"] == "2025-06-14T18:30:00+02:00"


def test_the_modification_date_as_written() -> None:
    head = "<meta property='article:modified_time' content='Sat, 14 Jun 2025 18:30:00 GMT'>"
    record = extract_article(page(head=head), URL)
    assert record["dateModified"] == "2025-06-14T18:30:00+00:00"
    assert record["dateModifiedRaw"] == "Sat, 14 Jun 2025 18:30:00 GMT"


def test_a_gallery_of_clips_is_capped() -> None:
    body = "".join(f"<video src='/media/clip-{n}.mp4'></video>" for n in range(3 * MAX_MEDIA))
    record = extract_article(page(body), URL)
    assert urls(record["videos"]) == [f"https://news.example/media/clip-{n}.mp4" for n in range(MAX_MEDIA)]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<iframe src='/e/1' allow='autoplay; encrypted-media'></iframe>", ("video", "/e/1")),
        ("<iframe src='/e/1' allow='Picture-In-Picture'></iframe>", ("video", "/e/1")),
        ("<iframe data-src='/e/1' allow='picture-in-picture'></iframe>", ("video", "/e/1")),
        ("<iframe src='/e/1' mozallowfullscreen webkitallowfullscreen></iframe>", None),
        ("<iframe src='/e/1' allowfullscreen></iframe>", None),
        ("<iframe src='/e/1' allow='fullscreen; clipboard-write'></iframe>", None),
        ("<iframe allow='encrypted-media'></iframe>", None),
        ("<video src=' /v.mp4 '></video>", ("video", "/v.mp4")),
        ("<video><source data-src='/lazy.mp4'></video>", ("video", "/lazy.mp4")),
        ("<audio><source src=''><source src='/a.ogg'></audio>", ("audio", "/a.ogg")),
        ("<audio controls></audio>", None),
    ],
)
def test_player_of(markup: str, expected: tuple[str, str] | None) -> None:
    root = lxml_html.fromstring(f"<div>{markup}</div>")
    element = root[0]
    player = player_of(element)
    assert (None if player is None else (player.kind, player.src)) == expected
    if player is not None:
        assert player.anchor is (root if element.tag == "iframe" else element)
