"""Held-out aggregator templates: never looked at while tuning the detector; their figures are
reported apart. Written after real markup: WordPress MH Magazine, Blogger's Soho theme, a
JavaScript-rendered news portal (utility-class ``div`` soup), a Hugo static blog (PaperMod)."""

# ruff: noqa: E501

from __future__ import annotations

from .model import Post, br_text, canonical, esc, og_url, paragraphs


def wp_mh_magazine(post: Post) -> str:
    s = post.slots
    return f"""<!DOCTYPE html>
<html class="no-js mh-one-sb" lang="{post.lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(post.headline)} &#8211; Metro Wire</title>
<link rel="canonical" href="{canonical(post)}" />
<meta property="og:url" content="{og_url(post)}" />
<meta property="og:title" content="{esc(post.headline)}" />
{s.head}
</head>
<body id="mh-mobile" class="post-template-default single single-post mh-right-sb" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="mh-container mh-container-outer">
<div class="mh-header-nav-mobile clearfix"></div>
<div class="mh-preheader"><div class="mh-container mh-container-inner mh-row clearfix"><div class="mh-header-bar-content mh-header-bar-top-left mh-col-2-3 clearfix"><div class="mh-header-date mh-header-date-top">{post.date:%A, %B %d, %Y}</div></div></div></div>
<header class="mh-header" itemscope="itemscope" itemtype="https://schema.org/WPHeader"><div class="mh-container mh-container-inner clearfix"><div class="mh-custom-header clearfix"><div class="mh-site-identity"><div class="mh-site-logo" role="banner" itemscope="itemscope" itemtype="https://schema.org/Brand"><div class="mh-header-text"><a class="mh-header-text-link" href="https://{post.host}/" title="Metro Wire" rel="home"><h2 class="mh-header-title">Metro Wire</h2></a></div></div></div></div></div>
<div class="mh-main-nav-wrap"><nav class="mh-navigation mh-main-nav mh-container mh-container-inner clearfix" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement"><div class="menu-main-container"><ul id="menu-main" class="menu"><li><a href="https://{post.host}/">Home</a></li><li><a href="https://{post.host}/category/news/">News</a></li></ul></div></nav></div></header>
<div class="mh-wrapper clearfix"><div class="mh-main clearfix"><div id="main-content" class="mh-content" role="main" itemprop="mainContentOfPage">
<nav class="mh-breadcrumb"><span itemscope itemtype="https://schema.org/BreadcrumbList"><a href="https://{post.host}/">Home</a></span><span class="mh-breadcrumb-delimiter"><i class="fa fa-angle-right"></i></span>News</nav>
<article id="post-2291" class="post-2291 post type-post status-publish format-standard">
<header class="entry-header clearfix"><h1 class="entry-title">{esc(post.headline)}</h1><div class="mh-meta entry-meta"><span class="entry-meta-date updated"><i class="far fa-clock"></i><a href="https://{post.host}/2024/03/">{post.date:%B %d, %Y}</a></span>
<span class="entry-meta-author author vcard"><i class="fa fa-user"></i><a class="fn" href="https://{post.host}/author/{post.author}/">{post.author}</a></span>
<span class="entry-meta-comments"><i class="far fa-comment"></i><a class="mh-comment-scroll" href="{post.url}#mh-comments">0</a></span>{s.title}</div></header>
<div class="entry-content clearfix">
<figure class="entry-thumbnail"><img src="https://{post.host}/wp-content/uploads/2024/03/img-678x381.jpg" alt="" title="img" /></figure>
{paragraphs(post)}
<div class="mh-social-bottom"><div class="mh-share-buttons clearfix"><a class="mh-facebook" href="https://www.facebook.com/sharer/sharer.php?u={post.url}" target="_blank"><span class="mh-share-button"><i class="fab fa-facebook-f"></i></span></a><a class="mh-twitter" href="https://twitter.com/share?url={post.url}&amp;text={esc(post.headline)}" target="_blank"><span class="mh-share-button"><i class="fab fa-twitter"></i></span></a></div></div>
</div>
{s.after}
<div class="entry-tags clearfix"><i class="fa fa-tag"></i><ul><li><a href="https://{post.host}/tag/city/" rel="tag">city</a></li></ul></div>
</article>
<nav class="mh-post-nav mh-row clearfix" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement"><div class="mh-col-1-2 mh-post-nav-item mh-post-nav-prev"><a href="{post.other_url}" rel="prev"><span>Previous</span><p>{esc(post.other_title)}</p></a></div></nav>
<section class="mh-related-content"><h3 class="mh-widget-title mh-related-content-title"><span class="mh-widget-title-inner">Related Articles</span></h3><div class="mh-related-wrap mh-row clearfix"><div class="mh-col-1-3 mh-posts-grid-col clearfix"><article class="post-2277 format-standard mh-posts-grid-item clearfix"><h3 class="entry-title mh-posts-grid-title"><a href="https://{post.host}/2024/03/01/bus-strike/" title="Bus strike called off">Bus strike called off after late talks</a></h3></article></div><div class="mh-col-1-3 mh-posts-grid-col clearfix"><article class="post-2270 format-standard mh-posts-grid-item clearfix"><h3 class="entry-title mh-posts-grid-title"><a href="https://{post.host}/2024/02/28/museum/" title="Museum">Museum reopens with a new wing</a></h3></article></div><div class="mh-col-1-3 mh-posts-grid-col clearfix"><article class="post-2265 format-standard mh-posts-grid-item clearfix"><h3 class="entry-title mh-posts-grid-title"><a href="https://{post.host}/2024/02/27/housing/" title="Housing">Housing plan divides the council</a></h3></article></div></div></section>
<div id="mh-comments" class="mh-comments-wrap"><div id="respond" class="comment-respond"><h4 id="reply-title" class="comment-reply-title">Be the first to comment</h4><form action="https://{post.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-form-comment"><label for="comment">Comment</label><br/><textarea id="comment" name="comment" cols="45" rows="5" aria-required="true"></textarea></p></form></div></div>
</div>
<aside class="mh-widget-col-1 mh-sidebar" itemscope="itemscope" itemtype="https://schema.org/WPSideBar"><div id="mh_magazine_custom_posts-2" class="mh-widget mh_magazine_custom_posts"><h4 class="mh-widget-title"><span class="mh-widget-title-inner">Latest</span></h4><ul class="mh-custom-posts-widget clearfix"><li class="post-2290 mh-custom-posts-item mh-custom-posts-small clearfix"><div class="mh-custom-posts-header"><p class="mh-custom-posts-small-title"><a href="{post.other_url}">{esc(post.other_title)}</a></p></div></li></ul></div></aside>
</div></div>
<div class="mh-copyright-wrap"><div class="mh-container mh-container-inner clearfix"><p class="mh-copyright">Copyright &copy; 2024 | MH Magazine WordPress Theme by <a href="https://mhthemes.com/themes/mh-magazine/" title="Premium WordPress Themes" rel="nofollow">MH Themes</a></p></div></div>
</div>
</body>
</html>
"""


def blogger_soho(post: Post) -> str:
    s = post.slots
    return f"""<!DOCTYPE html>
<html dir='ltr' lang='{post.lang}'>
<head>
<meta content='width=device-width, initial-scale=1' name='viewport'/>
<title>{esc(post.headline)}</title>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{canonical(post)}' rel='canonical'/>
<meta content='{og_url(post)}' property='og:url'/>
{s.head}
</head>
<body class='item-view version-1-3-3 variant-fancy_neon'>
<div class='all-container'><div class='centered'>
<header class='centered-top-container' role='banner'><div class='centered-top'><div class='section' id='header' name='Header'><div class='widget Header' data-version='2' id='Header1'><div class='header-widget'><div><h1><a href='https://{post.host}/'>Neon Newswire</a></h1></div></div></div></div></div></header>
<div class='main_content_container clearfix'><div class='page'><div class='page_body'><div class='centered'>
<main class='centered-bottom' id='main' role='main' tabindex='-1'>
<div class='main section' id='page_body' name='Page body'><div class='widget Blog' data-version='2' id='Blog1'><div class='blog-posts hfeed container'>
<article class='post-outer-container'><div class='post-outer'>
<div class='post-sidebar'><div class='post-sidebar-item post-sidebar-date'><div class='post-date-mini'>{post.date:%b %d}</div></div></div>
<div class='post'>
<div class='post-title-container'><a name='330912'></a><h3 class='post-title entry-title'>{esc(post.headline)}</h3></div>
<div class='post-header'><div class='post-header-line-1'><span class='byline post-timestamp'><a class='timestamp-link' href='{post.url}' rel='bookmark' title='permanent link'><time class='published' datetime='{post.date.isoformat()}'>{post.date:%B %d, %Y}</time></a></span>{s.title}</div></div>
<div class='post-body-container'><div class='post-body entry-content float-container' id='post-body-330912'>
{br_text(post)}
</div></div>
{s.after}
<div class='post-bottom'><div class='post-footer float-container'><div class='post-footer-line post-footer-line-1'><span class='byline post-labels'><span class='byline-label'>Labels:</span><a href='https://{post.host}/search/label/World' rel='tag'>World</a></span></div></div></div>
</div></div>
<section class='comments threaded' data-embed='true' data-num-comments='2' id='comments'><a name='comments'></a><h3 class='title'>Comments</h3><div class='comments-content'><div class='comment-thread'><ol><li class='comment' id='c1'><div class='comment-block'><div class='comment-header'><cite class='user'><a href='https://www.blogger.com/profile/1' rel='nofollow'>Reader One</a></cite><span class='datetime secondary-text'><a rel='nofollow' href='{post.url}?showComment=1#c1'>{post.date:%B %d, %Y}</a></span></div><p class='comment-content'>Source: <a href='https://conspiracy-facts.example/truth'>my research</a> says otherwise, this is all staged.</p></div></li><li class='comment' id='c2'><div class='comment-block'><div class='comment-header'><cite class='user'>Anonymous</cite></div><p class='comment-content'>Thanks for sharing, very informative.</p></div></li></ol></div></div></section>
</article>
</div></div></div>
</main>
</div></div></div></div>
<aside class='sidebar-container container' role='complementary'><div class='section' id='sidebar'><div class='widget Profile' data-version='2' id='Profile1'><h3 class='title'>Contributors</h3><div class='widget-content'><ul><li><a class='profile-name-link g-profile' href='https://www.blogger.com/profile/9'>Neon Desk</a></li></ul></div></div><div class='widget FeaturedPost' data-version='2' id='FeaturedPost1'><h3 class='title'>Featured Post</h3><div class='widget-content'><div class='post'><h3 class='post-title'><a href='{post.other_url}'>{esc(post.other_title)}</a></h3><p class='snippet-item post-snippet'>A look back at the stories that defined the month, from the elections to the floods and the long summer of strikes on the railways and in the ports across the country.</p></div></div></div></div></aside>
</div></div>
<footer class='footer section' id='footer' name='Footer'><div class='widget Attribution' data-version='2' id='Attribution1'><div class='widget-content'><div class='blogger'><a href='https://www.blogger.com' rel='nofollow'>Powered by Blogger</a></div></div></div></footer>
</body>
</html>
"""


def js_portal(post: Post) -> str:
    """A JavaScript-framework news portal: utility-class ``div`` soup, no semantic tags."""
    s = post.slots
    body = paragraphs(post, tag="div").replace("<div>", '<div class="mb-4 text-lg leading-8 text-neutral-800">')
    return f"""<!DOCTYPE html>
<html lang="{post.lang}">
<head>
<meta charSet="utf-8"/>
<meta name="viewport" content="width=device-width"/>
<title>{esc(post.headline)} | NewsNow24</title>
<link rel="canonical" href="{canonical(post)}"/>
<meta property="og:url" content="{og_url(post)}"/>
<meta property="og:title" content="{esc(post.headline)}"/>
{s.head}
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"id":88123}}}},"page":"/[category]/[slug]"}}</script>
</head>
<body>
<div id="__next">
<div class="flex min-h-screen flex-col">
<div class="sticky top-0 z-50 border-b bg-white"><div class="mx-auto flex h-14 max-w-6xl items-center justify-between px-4"><a class="text-xl font-black" href="/">NewsNow24</a><div class="hidden gap-6 md:flex"><a class="text-sm font-medium" href="/world">World</a><a class="text-sm font-medium" href="/business">Business</a><a class="text-sm font-medium" href="/tech">Tech</a></div></div></div>
<div class="mx-auto grid max-w-6xl grid-cols-12 gap-8 px-4 py-8">
<div class="col-span-12 lg:col-span-8">
<div class="mb-2 text-xs font-bold uppercase tracking-wide text-red-600">World</div>
<div class="mb-4 text-3xl font-extrabold leading-tight" role="heading" aria-level="1">{esc(post.headline)}</div>
<div class="mb-6 flex flex-wrap items-center gap-2 text-sm text-neutral-500"><span>{post.date:%b %d, %Y, %H:%M}</span><span>·</span><span>3 min read</span>{s.title}</div>
<div class="mb-6 aspect-video w-full bg-neutral-100"><img alt="" src="https://{post.host}/_next/image?url=%2Fimg%2Flead.jpg&amp;w=1200&amp;q=75" class="h-full w-full object-cover"/></div>
<div class="article-body">
{body}
</div>
{s.after}
<div class="mt-10 border-t pt-6"><div class="mb-4 text-lg font-bold">More stories</div><div class="grid grid-cols-2 gap-4"><a class="group block" href="/world/elections-recount"><div class="text-sm font-semibold group-hover:underline">Election recount confirms narrow win</div></a><a class="group block" href="/business/airline-merger"><div class="text-sm font-semibold group-hover:underline">Airline merger cleared by regulators</div></a><a class="group block" href="{post.other_url}"><div class="text-sm font-semibold group-hover:underline">{esc(post.other_title)}</div></a><a class="group block" href="/tech/chip-plant"><div class="text-sm font-semibold group-hover:underline">Chip plant to create two thousand jobs</div></a></div></div>
</div>
<div class="col-span-12 lg:col-span-4"><div class="rounded border p-4"><div class="mb-3 text-sm font-bold uppercase">Trending</div><div class="flex flex-col gap-3"><a href="/world/heatwave" class="text-sm">Heatwave breaks records in the south</a><a href="/business/rates" class="text-sm">Rates stay on hold</a></div></div><div class="mt-6 rounded bg-neutral-50 p-4 text-sm text-neutral-600">NewsNow24 curates stories from publishers worldwide. Each story links to its publisher. We earn from ads shown next to the summaries and share revenue with partner newsrooms under our syndication programme.</div></div>
</div>
<div class="border-t bg-neutral-900 py-8 text-neutral-300"><div class="mx-auto max-w-6xl px-4 text-sm">© 2024 NewsNow24 · <a href="/terms">Terms</a> · <a href="/privacy">Privacy</a></div></div>
</div>
</div>
</body>
</html>
"""


def hugo_papermod(post: Post) -> str:
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}" dir="auto">
<head><meta name="generator" content="Hugo 0.124.1">
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<meta name="robots" content="index, follow">
<title>{esc(post.headline)} | link log</title>
<link rel="canonical" href="{canonical(post)}">
<meta property="og:url" content="{og_url(post)}">
<meta property="og:title" content="{esc(post.headline)}">
<meta property="article:published_time" content="{post.date.isoformat()}">
{s.head}
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "{esc(post.headline)}", "datePublished": "{post.date.isoformat()}", "author": {{"@type": "Person", "name": "{post.author}"}}, "mainEntityOfPage": {{"@type": "WebPage", "@id": "{post.url}"}}}}</script>
</head>
<body class="" id="top">
<header class="header"><nav class="nav"><div class="logo"><a href="https://{post.host}/" accesskey="h" title="link log (Alt + H)">link log</a></div><ul id="menu"><li><a href="https://{post.host}/archives/" title="Archive"><span>Archive</span></a></li><li><a href="https://{post.host}/tags/" title="Tags"><span>Tags</span></a></li></ul></nav></header>
<main class="main">
<article class="post-single">
<header class="post-header"><div class="breadcrumbs"><a href="https://{post.host}/">Home</a>&nbsp;»&nbsp;<a href="https://{post.host}/posts/">Posts</a></div>
<h1 class="post-title entry-hint-parent">{esc(post.headline)}</h1>
<div class="post-meta"><span title='{post.date.isoformat()}'>{post.date:%B %-d, %Y}</span>&nbsp;·&nbsp;2 min&nbsp;·&nbsp;{post.author}{s.title}</div>
</header>
<div class="post-content">{paragraphs(post)}</div>
{s.after}
<footer class="post-footer"><ul class="post-tags"><li><a href="https://{post.host}/tags/news/">News</a></li></ul><nav class="paginav"><a class="prev" href="{post.other_url}"><span class="title">« Prev</span><br><span>{esc(post.other_title)}</span></a></nav>
<ul class="share-buttons"><li><a target="_blank" rel="noopener noreferrer" aria-label="share on x" href="https://x.com/intent/tweet/?text={esc(post.headline)}&amp;url={post.url}"><svg version="1.1" viewBox="0 0 512 512"><path d="M0 0"></path></svg></a></li><li><a target="_blank" rel="noopener noreferrer" aria-label="share on telegram" href="https://telegram.me/share/url?text={esc(post.headline)}&amp;url={post.url}"><svg version="1.1" viewBox="2 2 28 28"><path d="M0 0"></path></svg></a></li></ul>
</footer>
</article>
</main>
<footer class="footer"><span>&copy; 2024 <a href="https://{post.host}/">link log</a></span> · <span>Powered by <a href="https://gohugo.io/" rel="noopener noreferrer" target="_blank">Hugo</a> &amp; <a href="https://github.com/adityatelange/hugo-PaperMod/" rel="noopener" target="_blank">PaperMod</a></span></footer>
</body>
</html>
"""


TEMPLATES = {
    "wp-mh-magazine": wp_mh_magazine,
    "blogger-soho": blogger_soho,
    "js-portal": js_portal,
    "hugo-papermod": hugo_papermod,
}
