"""Aggregator templates of other platforms, written after real markup: Blogger (Contempo, Simple),
Ghost (Casper), Drupal (Olivero), Tumblr, a news portal, a feed reader's shared item page, Joomla
with K2."""

# ruff: noqa: E501

from __future__ import annotations

from .model import Post, br_text, canonical, esc, og_url, paragraphs


def _blogger_sidebar(post: Post, heavy: bool) -> str:
    popular = "".join(
        f"<li><div class='item-content'><div class='item-title'><a href='https://{post.host}/2024/0{n}/post-{n}.html'>{t}</a></div><div class='item-snippet'>{snip}</div></div></li>"
        for n, (t, snip) in enumerate([
            ("Ten things to know before the markets open", "Stocks were mixed in early trading as investors weighed the latest data on jobs and prices, while oil prices slipped for a third day on signs of weaker demand in Asia and Europe."),
            ("Weather: the long weekend forecast", "A band of rain will cross the country on Saturday before clearing to sunny spells on Sunday and Monday, with temperatures rising well above the seasonal average in the south."),
            ("How the new rail timetable affects you", "From next month trains will run every half hour on the main lines, but some rural stops will lose their evening services, the operator said in a statement on Thursday."),
        ], start=1))
    about = ("<div class='widget Profile' data-version='2' id='Profile1'><h3 class='title'>About Me</h3><div class='widget-content'><div class='profile-info'><div class='profile-name-link'>news desk</div><div class='profile-textblock'>"
             "A small team of volunteers who read hundreds of news sites every day and share the stories that matter, with a link to every original. We believe good journalism deserves a wider audience, and we try to credit the newsrooms whose work we share. Write to us with tips and corrections.</div></div></div></div>")
    extra = (about + f"<div class='widget PopularPosts' data-version='2' id='PopularPosts1'><h3 class='title'>Popular Posts</h3><div class='widget-content popular-posts'><ul>{popular}</ul></div></div>") if heavy else ""
    return (f"<div class='widget BlogArchive' data-version='2' id='BlogArchive1'><h3 class='title'>Archive</h3><div class='widget-content'><ul class='hierarchy'><li class='archivedate'><a class='post-count-link' href='https://{post.host}/2024/'>2024</a><span class='post-count' dir='ltr'>(412)</span></li></ul></div></div>"
            + extra + "<div class='widget Label' data-version='2' id='Label1'><h3 class='title'>Labels</h3><div class='widget-content list-label-widget-content'><ul><li><a dir='ltr' href='https://" + post.host + "/search/label/World'>World</a></li><li><a dir='ltr' href='https://" + post.host + "/search/label/Business'>Business</a></li></ul></div></div>")


def blogger_contempo(post: Post) -> str:
    """Blogger's Contempo theme: a short post under a heavy sidebar, everything a "widget"."""
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
<meta content='{esc(post.headline)}' property='og:title'/>
{s.head}
<link rel="alternate" type="application/atom+xml" title="Breaking Wire - Atom" href="https://{post.host}/feeds/posts/default" />
</head>
<body class='version-1-3-3 variant-indie_light'>
<div class='bg-photo-overlay'></div>
<div class='page'><div class='bg-photo-container'><div class='bg-photo'></div></div>
<div class='page_body'><div class='centered'>
<header class='centered-top-container sticky' role='banner'><div class='centered-top'><div class='blog-name container'><div class='container section' id='header' name='Header'><div class='widget Header' data-version='2' id='Header1'><div class='header-widget'><h1><a href='https://{post.host}/'>Breaking Wire</a></h1></div><p>Headlines from around the world</p></div></div></div>
<nav role='navigation'><div class='centered-top-secondline section' id='page_list_top' name='Page list (top)'><div class='widget PageList' data-version='2' id='PageList1'><div class='widget-content'><ul><li><a href='https://{post.host}/'>Home</a></li><li><a href='https://{post.host}/p/about.html'>About</a></li></ul></div></div></div></nav></div></header>
<div class='centered-bottom'>
<main class='main-container' id='main' role='main' tabindex='-1'>
<div class='main section' id='page_body' name='Page body'><div class='widget Blog' data-version='2' id='Blog1'>
<div class='blog-posts hfeed container'><article class='post-outer-container'>
<div class='post-outer'><div class='post'>
<script type='application/ld+json'>{{"@context": "http://schema.org", "@type": "BlogPosting", "mainEntityOfPage": {{"@type": "WebPage", "@id": "{post.url}"}}, "headline": "{esc(post.headline)}", "datePublished": "{post.date.isoformat()}", "author": {{"@type": "Person", "name": "{post.author}"}}}}</script>
<a name='8061334250291'></a>
<h3 class='post-title entry-title'>{esc(post.headline)}</h3>
<div class='post-share-buttons post-share-buttons-top invisible'></div>
<div class='post-header'><div class='post-header-line-1'><span class='byline post-timestamp'><meta content='{post.url}'/><a class='timestamp-link' href='{post.url}' rel='bookmark' title='permanent link'><time class='published' datetime='{post.date.isoformat()}' title='{post.date.isoformat()}'>{post.date:%B %d, %Y}</time></a></span>{s.title}</div></div>
<div class='post-body-container'>
<div class='post-body entry-content float-container' id='post-body-8061334250291'>
{br_text(post)}
</div>
</div>
{s.after}
<div class='post-footer'><div class='post-footer-line post-footer-line-0'><span class='byline post-author vcard'><span class='byline-label'>Posted by</span><span class='fn'><span>{post.author}</span></span></span></div><div class='post-share-buttons post-share-buttons-bottom'><div class='byline post-share-buttons goog-inline-block'><div aria-owns='sharing-popup-Blog1-byline-80613' class='sharing' data-title='{esc(post.headline)}'><button aria-controls='sharing-popup-Blog1-byline-80613' aria-label='Share' class='sharing-button touch-icon-button' id='sharing-button-Blog1-byline-80613' role='button'>Share</button><div class='share-buttons-container'><ul aria-hidden='true' aria-label='Share' class='share-buttons hidden' id='sharing-popup-Blog1-byline-80613' role='menu'><li><span aria-label='Get link' class='sharing-platform-button sharing-element-link' data-href='https://www.blogger.com/share-post.g?blogID=1&amp;postID=8061334250291&amp;target=' data-url='{post.url}' role='menuitem' tabindex='-1' title='Get link'><span class='platform-sharing-text'>Get link</span></span></li><li><span aria-label='Share to Facebook' class='sharing-platform-button sharing-element-facebook' data-href='https://www.blogger.com/share-post.g?blogID=1&amp;postID=8061334250291&amp;target=facebook' data-url='{post.url}' role='menuitem' tabindex='-1' title='Share to Facebook'><span class='platform-sharing-text'>Facebook</span></span></li></ul></div></div></div></div></div>
</div></div>
<section class='comments embed' data-num-comments='0' id='comments'><a name='comments'></a><h3 class='title'>Comments</h3><div id='Blog1_comments-block-wrapper'></div><div class='footer'><div class='comment-form'><a name='comment-form'></a><h4 id='comment-post-message'>Post a Comment</h4></div></div></section>
</article></div>
<div class='blog-pager container' id='blog-pager'><a class='blog-pager-older-link flat-button ripple' href='{post.other_url}' id='Blog1_blog-pager-older-link' title='Older Post'>Older Post</a></div>
</div></div>
</main>
</div>
<aside class='sidebar-container container sidebar-invisible' role='complementary'><div class='navigation'><button class='svg-icon-24-button flat-icon-button ripple sidebar-back'>close</button></div><div class='sidebar_top_wrapper'><div class='sidebar_top section' id='sidebar_top' name='Sidebar (Top)'>{_blogger_sidebar(post, heavy=True)}</div></div></aside>
</div></div>
<footer class='footer section' id='footer' name='Footer'><div class='widget Attribution' data-version='2' id='Attribution1'><div class='widget-content'><div class='blogger'><a href='https://www.blogger.com' rel='nofollow'>Powered by Blogger</a></div><div class='image-attribution'>Theme images by <a href='http://www.offset.com/photos/394244'>Michael Elkan</a></div></div></div></footer>
</div>
</body>
</html>
"""


def blogger_simple(post: Post) -> str:
    """Blogger's classic Simple theme, as the seed post's blog: everything inside widgets."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='{post.lang}' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{canonical(post)}' rel='canonical'/>
<meta content='{og_url(post)}' property='og:url'/>
<meta content='{esc(post.headline)}' property='og:title'/>
{s.head}
<title>World Politics Blog: {esc(post.headline)}</title>
</head>
<body class='loading variant-simplysimple'>
<div class='navbar section' id='navbar' name='Navbar'><div class='widget Navbar' data-version='1' id='Navbar1'><iframe src='https://www.blogger.com/navbar.g?targetBlogID=1' height='30px' width='100%'></iframe></div></div>
<div class='body-fauxcolumns'><div class='fauxcolumn-outer body-fauxcolumn-outer'></div></div>
<div class='content'><div class='content-outer'><div class='content-inner'>
<header><div class='header-outer'><div class='header-cap-top cap-top'></div><div class='fauxborder-left header-fauxborder-left'><div class='region-inner header-inner'><div class='header section' id='header' name='Header'><div class='widget Header' data-version='1' id='Header1'><div id='header-inner'><div class='titlewrapper'><h1 class='title'><a href='https://{post.host}/'>World Politics Blog</a></h1></div><div class='descriptionwrapper'><p class='description'><span>Daily news digest</span></p></div></div></div></div></div></div></div></header>
<div class='tabs-outer'><div class='region-inner tabs-inner'><div class='tabs section' id='crosscol' name='Cross-Column'><div class='widget PageList' data-version='1' id='PageList1'><div class='widget-content'><ul><li class='selected'><a href='https://{post.host}/'>Home</a></li><li><a href='https://{post.host}/p/contact.html'>Contact</a></li></ul></div></div></div></div></div>
<div class='main-outer'><div class='region-inner main-inner'><div class='columns fauxcolumns'><div class='columns-inner'><div class='column-center-outer'><div class='column-center-inner'>
<div class='main section' id='main' name='Main'><div class='widget Blog' data-version='1' id='Blog1'>
<div class='blog-posts hfeed'>
<div class='date-outer'><h2 class='date-header'><span>{post.date:%A, %B %d, %Y}</span></h2>
<div class='date-posts'><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='{post.url}' itemprop='url'/>
<a name='4402316'></a>
<h3 class='post-title entry-title' itemprop='name'>{esc(post.headline)}</h3>
<div class='post-header'><div class='post-header-line-1'>{s.title}</div></div>
<div class='post-body entry-content' id='post-body-4402316' itemprop='description articleBody'>
{br_text(post)}
<div style='clear: both;'></div>
</div>
{s.after}
<div class='jump-link'></div>
<div class='post-footer'><div class='post-footer-line post-footer-line-1'><span class='post-author vcard'>Posted by <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>{post.author}</span></span></span> <span class='post-timestamp'>at <meta content='{post.url}' itemprop='url'/><a class='timestamp-link' href='{post.url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{post.date.isoformat()}'>{post.date:%I:%M %p}</abbr></a></span> <span class='post-comment-link'></span></div>
<div class='post-footer-line post-footer-line-2'><div class='post-share-buttons goog-inline-block'><a class='goog-inline-block share-button sb-email' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID=4402316&amp;target=email' target='_blank' title='Email This'><span class='share-button-link-text'>Email This</span></a><a class='goog-inline-block share-button sb-blog' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID=4402316&amp;target=blog' target='_blank' title='BlogThis!'><span class='share-button-link-text'>BlogThis!</span></a></div></div>
<div class='post-footer-line post-footer-line-3'><span class='post-labels'>Labels: <a href='https://{post.host}/search/label/News' rel='tag'>News</a></span></div></div>
</div>
<div class='comments' id='comments'><a name='comments'></a><h4>No comments:</h4><div id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'></dl></div><p class='comment-footer'><a href='https://www.blogger.com/comment.g?blogID=1&amp;postID=4402316' onclick=''>Post a Comment</a></p></div>
</div></div></div></div>
<div class='blog-pager' id='blog-pager'><span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{post.other_url}' id='Blog1_blog-pager-older-link' title='Older Post'>Older Post</a></span><a class='home-link' href='https://{post.host}/'>Home</a></div>
<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' href='https://{post.host}/feeds/4402316/comments/default' target='_blank' type='application/atom+xml'>Post Comments (Atom)</a></div></div>
</div></div></div></div></div>
<div class='column-right-outer'><div class='column-right-inner'><aside><div class='sidebar section' id='sidebar-right-1'>{_blogger_sidebar(post, heavy=True)}</div></aside></div></div>
</div></div></div></div>
<footer><div class='footer-outer'><div class='region-inner footer-inner'><div class='foot section' id='footer-3' name='Footer'><div class='widget Attribution' data-version='1' id='Attribution1'><div class='widget-content' style='text-align: center;'>Simple theme. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></div></div></div></div></footer>
</div></div></div>
</body>
</html>
"""


def ghost_casper(post: Post) -> str:
    """Ghost's Casper theme."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(post.headline)}</title>
<link rel="canonical" href="{canonical(post)}">
<meta name="referrer" content="no-referrer-when-downgrade">
<meta property="og:site_name" content="The Signal Digest">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(post.headline)}">
<meta property="og:url" content="{og_url(post)}">
<meta property="article:published_time" content="{post.date.isoformat()}">
<meta name="generator" content="Ghost 5.80">
{s.head}
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "Article", "publisher": {{"@type": "Organization", "name": "The Signal Digest", "url": "https://{post.host}/"}}, "author": {{"@type": "Person", "name": "{post.author}"}}, "headline": "{esc(post.headline)}", "url": "{post.url}", "datePublished": "{post.date.isoformat()}"}}</script>
</head>
<body class="post-template is-head-left-logo has-cover">
<div class="viewport">
<header id="gh-head" class="gh-head outer"><div class="gh-head-inner inner"><div class="gh-head-brand"><a class="gh-head-logo" href="https://{post.host}">The Signal Digest</a></div><nav class="gh-head-menu"><ul class="nav"><li class="nav-home"><a href="https://{post.host}/">Home</a></li><li class="nav-about"><a href="https://{post.host}/about/">About</a></li></ul></nav><div class="gh-head-actions"><a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a></div></div></header>
<div class="site-content">
<main id="site-main" class="site-main">
<article class="article post tag-world">
<header class="article-header gh-canvas">
<div class="article-tag post-card-tags"><span class="post-card-primary-tag"><a href="https://{post.host}/tag/world/">World</a></span></div>
<h1 class="article-title">{esc(post.headline)}</h1>
<div class="article-byline"><section class="article-byline-content"><ul class="author-list"><li class="author-list-item"><a href="https://{post.host}/author/{post.author}/" class="author-avatar author-profile-image"><img class="author-profile-image" src="https://{post.host}/content/images/avatar.png" alt="{post.author}" /></a></li></ul><div class="article-byline-meta"><h4 class="author-name"><a href="https://{post.host}/author/{post.author}/">{post.author}</a></h4><div class="byline-meta-content"><time class="byline-meta-date" datetime="{post.date:%Y-%m-%d}">{post.date:%b %d, %Y}</time><span class="byline-reading-time"><span class="bull">&bull;</span> 2 min read</span>{s.title}</div></div></section></div>
</header>
<section class="gh-content gh-canvas">
{paragraphs(post)}
</section>
{s.after}
</article>
<section class="footer-cta outer"><div class="inner"><h2 class="footer-cta-title">Sign up for more like this.</h2><a class="footer-cta-button" href="#/portal" data-portal=""><div class="footer-cta-input">Enter your email</div><span>Subscribe</span></a></div></section>
</main>
<aside class="read-more-wrap outer"><div class="read-more inner"><article class="post-card post"><a class="post-card-image-link" href="{post.other_url}"><img class="post-card-image" src="https://{post.host}/content/images/x.jpg" alt="" loading="lazy" /></a><div class="post-card-content"><a class="post-card-content-link" href="{post.other_url}"><header class="post-card-header"><h2 class="post-card-title">{esc(post.other_title)}</h2></header><div class="post-card-excerpt">The stories that shaped the week, in five minutes.</div></a></div></article><article class="post-card post"><div class="post-card-content"><a class="post-card-content-link" href="https://{post.host}/markets-week/"><header class="post-card-header"><h2 class="post-card-title">Markets in a week of surprises</h2></header><div class="post-card-excerpt">Rates, oil and the dollar moved more than expected.</div></a></div></article></div></aside>
</div>
<footer class="site-footer outer"><div class="inner"><section class="copyright"><a href="https://{post.host}">The Signal Digest</a> &copy; 2024</section><nav class="site-footer-nav"><ul class="nav"><li><a href="https://{post.host}/privacy/">Privacy</a></li></ul></nav><div class="gh-powered-by"><a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a></div></div></footer>
</div>
</body>
</html>
"""


def drupal_olivero(post: Post) -> str:
    """Drupal 10's Olivero theme: a node with a body field and a "Source" link field."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}" dir="ltr" style="--color--primary-hue:202;--color--primary-saturation:79%;--color--primary-lightness:50">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="canonical" href="{canonical(post)}" />
<link rel="shortlink" href="https://{post.host}/node/3381" />
<meta property="og:url" content="{og_url(post)}" />
{s.head}
<title>{esc(post.headline)} | Civic News Network</title>
</head>
<body class="path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div id="page-wrapper" class="page-wrapper"><div id="page">
<header id="header" class="site-header" data-drupal-selector="site-header" role="banner"><div class="site-header__fixable" data-drupal-selector="site-header-fixable"><div class="site-header__initial"></div><div id="site-header__inner" class="site-header__inner" data-drupal-selector="site-header-inner"><div class="container site-header__inner__container"><div id="block-olivero-site-branding" class="site-branding block block-system block-system-branding-block"><div class="site-branding__inner"><div class="site-branding__text"><div class="site-branding__name"><a href="/" title="Home" rel="home">Civic News Network</a></div></div></div></div>
<div class="header-nav-overlay" data-drupal-selector="header-nav-overlay"></div><div class="mobile-buttons" data-drupal-selector="mobile-buttons"><button class="mobile-nav-button" data-drupal-selector="mobile-nav-button" aria-label="Main Menu" aria-controls="header-nav" aria-expanded="false"><span class="mobile-nav-button__label">Menu</span><span class="mobile-nav-button__icon"></span></button></div>
<div id="header-nav" class="header-nav" data-drupal-selector="header-nav"><nav role="navigation" aria-labelledby="block-olivero-main-menu-menu" id="block-olivero-main-menu" class="primary-nav block block-menu navigation menu--main"><h2 class="visually-hidden block__title" id="block-olivero-main-menu-menu">Main navigation</h2><ul class="menu primary-nav__menu primary-nav__menu--level-1"><li class="primary-nav__menu-item primary-nav__menu-item--link primary-nav__menu-item--level-1"><a href="/" class="primary-nav__menu-link primary-nav__menu-link--link primary-nav__menu-link--level-1" data-drupal-link-system-path="&lt;front&gt;"><span class="primary-nav__menu-link-inner primary-nav__menu-link-inner--level-1">Home</span></a></li><li class="primary-nav__menu-item primary-nav__menu-item--level-1"><a href="/aggregator" class="primary-nav__menu-link primary-nav__menu-link--level-1"><span class="primary-nav__menu-link-inner primary-nav__menu-link-inner--level-1">Feeds</span></a></li></ul></nav></div>
</div></div></div></header>
<div id="main-wrapper" class="layout-main-wrapper layout-container"><div id="main" class="layout-main"><div class="main-content"><a id="main-content" tabindex="-1"></a>
<div class="region region--highlighted grid-full layout--pass--content-medium"><div data-drupal-messages-fallback class="hidden messages-list"></div></div>
<div class="region region--breadcrumb grid-full layout--pass--content-medium"><div id="block-olivero-breadcrumbs" class="block block-system block-system-breadcrumb-block"><nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2><div class="breadcrumb__content"><ol class="breadcrumb__list"><li class="breadcrumb__item"><a href="/" class="breadcrumb__link">Home</a></li></ol></div></nav></div></div>
<div class="main-content__container container">
<div class="region region--content-above grid-full layout--pass--content-medium"><div id="block-olivero-page-title" class="block block-core block-page-title-block"><h1 class="title page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(post.headline)}</span></h1></div></div>
<section class="row region region--content grid-full layout--pass--content-medium" id="content"><div id="block-olivero-content" class="block block-system block-system-main-block"><div class="block__content">
<article data-history-node-id="3381" class="node node--type-article node--promoted node--view-mode-full">
<header class="">
<div class="node__meta"><span class="node__author"><span class="field field--name-uid field--type-entity-reference field--label-hidden"><a title="View user profile." href="/user/7" class="username">{post.author}</a></span></span><span class="node__pubdate"><span class="field field--name-created field--type-created field--label-hidden"><time datetime="{post.date.isoformat()}" title="{post.date:%A, %B %d, %Y - %H:%M}" class="datetime">{post.date:%a, %m/%d/%Y - %H:%M}</time></span></span>{s.title}</div>
</header>
<div class="node__content">
<div class="text-content clearfix field field--name-body field--type-text-with-summary field--label-hidden field__item">{paragraphs(post)}</div>
{s.after}
<div class="field field--name-field-tags field--type-entity-reference field--label-above clearfix"><h3 class="field__label">Tags</h3><ul class="links field__items"><li class="field__item"><a href="/taxonomy/term/2" hreflang="en">Local government</a></li></ul></div>
<section data-drupal-selector="comments" class="comments"><h2 class="comments__title">Comments</h2><h2 class="add-comment__heading">Add new comment</h2><form class="comment-comment-form comment-form" data-drupal-selector="comment-form" action="/comment/reply/node/3381/comment" method="post" id="comment-form" accept-charset="UTF-8"><div class="js-form-item form-item"><label for="edit-comment-body-0-value" class="form-item__label js-form-required form-required">Comment</label><textarea data-drupal-selector="edit-comment-body-0-value" id="edit-comment-body-0-value" name="comment_body[0][value]" rows="5" cols="60" class="form-textarea required form-element form-element--type-textarea form-element--api-textarea" required="required" aria-required="true"></textarea></div></form></section>
</div>
</article>
</div></div></section>
</div></div>
<div class="social-bar"><div class="social-bar__inner fixable"><div class="rotate"><div id="block-olivero-syndicate" role="complementary" class="block block-node block-node-syndicate-block"><div class="block-content"><a href="/rss.xml" class="feed-icon">RSS feed</a></div></div></div></div></div>
</div></div>
<footer class="site-footer"><div class="site-footer__inner container"><div class="region region--footer-bottom grid-full"><div id="block-olivero-powered" class="block block-system block-system-powered-by-block"><span>Powered by <a href="https://www.drupal.org">Drupal</a></span></div></div></div></footer>
<div class="overlay" data-drupal-selector="overlay"></div>
</div></div></div>
</body>
</html>
"""


def tumblr(post: Post) -> str:
    """A Tumblr blog theme: text post, reblog trail, "source" and "via" under the post."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}">
<head>
<meta charset="utf-8">
<title>Daily News Drop &mdash; {esc(post.headline)}</title>
<link rel="canonical" href="{canonical(post)}" />
<meta property="og:type" content="tumblr-feed:text" />
<meta property="og:title" content="{esc(post.headline)}" />
<meta property="og:url" content="{og_url(post)}" />
<meta name="twitter:card" content="summary" />
{s.head}
<link rel="alternate" type="application/rss+xml" href="https://{post.host}/rss">
</head>
<body class="permalink-page">
<div id="wrapper">
<div id="sidebar"><div id="header"><h1><a href="/">Daily News Drop</a></h1><div class="description">reblogging the news that matters since 2013</div></div><div id="nav"><a href="/">home</a> <a href="/ask">ask</a> <a href="/archive">archive</a></div></div>
<div id="content">
<div class="post text" id="post-739912887">
<div class="post-inner">
<h2 class="title"><a href="{post.url}">{esc(post.headline)}</a></h2>
<div class="meta-top">{s.title}</div>
<div class="body">
<div class="reblog-list"><div class="reblog-list-item"><div class="reblog-header"><a class="reblog-name" href="https://newsfeeder-bot.tumblr.com/">newsfeeder-bot</a></div><div class="reblog-content">
{paragraphs(post)}
</div></div></div>
</div>
<div class="post-meta">
{s.after}
<div class="date"><a href="{post.url}">{post.date:%B %d, %Y}</a></div>
<div class="notes"><a href="{post.url}#notes">14 notes</a></div>
<div class="tags"><a href="/tagged/news">#news</a> <a href="/tagged/world">#world</a></div>
</div>
</div>
<ol class="notes"><li class="note reblog"><a href="https://worldwatcher.tumblr.com/" class="avatar_frame" title="worldwatcher"><img src="https://64.media.tumblr.com/avatar.png" class="avatar" alt="" /></a><span class="action"><a href="https://worldwatcher.tumblr.com/" class="tumblelog" title="worldwatcher">worldwatcher</a> reblogged this from <a href="https://{post.host}/" class="source_tumblelog" title="dailynewsdrop">dailynewsdrop</a></span><div class="clear"></div></li><li class="note like"><span class="action"><a href="https://readerbee.tumblr.com/" class="tumblelog" title="readerbee">readerbee</a> liked this</span><div class="clear"></div></li></ol>
</div>
<div id="pagination"><a href="{post.other_url}">&larr; older post</a></div>
</div>
</div>
<iframe id="tumblr_controls" class="tmblr-iframe" src="https://www.tumblr.com/dashboard/iframe?src=https%3A%2F%2F{post.host}%2F" width="1" height="1"></iframe>
</body>
</html>
"""


def news_portal(post: Post) -> str:
    """A regional news portal that republishes agency copy: breadcrumbs, lead image, tags, related."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(post.headline)} - Portal Noticias 24</title>
<meta name="description" content="{esc(post.paragraphs[0][:150])}">
<link rel="canonical" href="{canonical(post)}">
<meta property="og:url" content="{og_url(post)}">
<meta property="og:title" content="{esc(post.headline)}">
<meta property="og:type" content="article">
<meta property="og:image" content="https://{post.host}/img/2024/03/lead.jpg">
{s.head}
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{esc(post.headline)}","datePublished":"{post.date.isoformat()}","author":{{"@type":"Organization","name":"Redacción"}},"publisher":{{"@type":"Organization","name":"Portal Noticias 24"}}}}</script>
</head>
<body>
<div class="top-bar"><div class="container"><span class="today">{post.date:%d/%m/%Y}</span><a href="/login" class="login">Login</a></div></div>
<header class="main-header"><div class="container"><a class="brand" href="/"><img src="/img/logo.svg" alt="Portal Noticias 24"></a><nav class="menu"><a href="/nacional">Nacional</a><a href="/mundo">Mundo</a><a href="/economia">Economía</a><a href="/deportes">Deportes</a></nav></div></header>
<div class="ad-slot ad-leaderboard"><div id="div-gpt-ad-1"></div></div>
<div class="container page-article">
<ol class="breadcrumb"><li><a href="/">Inicio</a></li><li><a href="/mundo">Mundo</a></li></ol>
<div class="row">
<div class="col-md-8">
<h1 class="article-headline">{esc(post.headline)}</h1>
<div class="article-info"><span class="article-date">{post.date:%d/%m/%Y %H:%M}</span>{s.title}</div>
<figure class="lead-figure"><img src="https://{post.host}/img/2024/03/lead.jpg" alt=""><figcaption>Imagen de archivo</figcaption></figure>
<div class="share-top"><a href="https://www.facebook.com/sharer/sharer.php?u={post.url}" class="fb">Compartir</a><a href="https://twitter.com/intent/tweet?url={post.url}" class="tw">Tuitear</a><a href="whatsapp://send?text={post.url}" class="wa">WhatsApp</a></div>
<div class="article-text">
{paragraphs(post)}
</div>
{s.after}
<div class="article-tags"><span>Temas:</span><a href="/tag/actualidad">actualidad</a><a href="/tag/sociedad">sociedad</a></div>
<div class="related-news"><h3>Noticias relacionadas</h3><div class="rel-item"><a href="/mundo/2024/03/11/cumbre-clima"><img src="/img/t1.jpg" alt=""><span>Cumbre del clima termina sin acuerdo sobre financiación</span></a></div><div class="rel-item"><a href="/economia/2024/03/11/inflacion"><img src="/img/t2.jpg" alt=""><span>La inflación se modera por segundo mes consecutivo</span></a></div><div class="rel-item"><a href="/nacional/2024/03/10/lluvias"><img src="/img/t3.jpg" alt=""><span>Lluvias intensas obligan a cerrar carreteras en el norte</span></a></div></div>
</div>
<div class="col-md-4 sidebar"><div class="box-most-read"><h3>Lo más leído</h3><ol><li><a href="/deportes/final">La final se jugará a puerta cerrada</a></li><li><a href="/nacional/obras">Las obras del metro, retrasadas otra vez</a></li><li><a href="{post.other_url}">{esc(post.other_title)}</a></li></ol></div><div class="ad-slot ad-mpu"><div id="div-gpt-ad-2"></div></div></div>
</div>
</div>
<footer class="main-footer"><div class="container"><p>&copy; 2024 Portal Noticias 24. Todos los derechos reservados.</p><nav><a href="/aviso-legal">Aviso legal</a><a href="/privacidad">Privacidad</a><a href="/contacto">Contacto</a></nav></div></footer>
</body>
</html>
"""


def feed_reader(post: Post) -> str:
    """A self-hosted feed reader's public shared item (FreshRSS-like): the entry and its feed."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html lang="{post.lang}" class="public">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="initial-scale=1.0" />
<title>{esc(post.headline)} · Shared · FeedDeck</title>
<link rel="canonical" href="{canonical(post)}" />
<meta property="og:url" content="{og_url(post)}" />
{s.head}
<link rel="stylesheet" href="/themes/Origine/origine.css" />
</head>
<body class="normal">
<header class="header"><div class="item title"><a href="/i/"><img class="logo" src="/themes/icons/icon.svg" alt="⊚" loading="lazy" />FeedDeck</a></div><div class="item search"><form action="/i/" method="get"><input type="search" name="search" id="search" class="extend" value="" placeholder="Search" /></form></div></header>
<div id="global">
<nav class="nav nav-list aside" id="aside_feed"><ul id="sidebar" class="tree scrollbar-thin"><li class="tree-folder category active"><div class="tree-folder-title"><a class="title" href="/i/?get=c_1">World</a></div><ul class="tree-folder-items active"><li class="item feed"><a class="item-title" href="/i/?get=f_3">Agency wire</a></li><li class="item feed"><a class="item-title" href="/i/?get=f_4">City papers</a></li></ul></li></ul></nav>
<main id="stream" class="normal">
<div class="day" id="day_today">Today<span class="name">{post.date:%A %d %B %Y}</span></div>
<div class="flux current active not_read" id="flux_1709812345" data-feed="3">
<ul class="horizontal-list flux_header"><li class="item manage"><a class="read" href="/i/?c=entry&amp;a=read&amp;id=1709812345">☐</a></li><li class="item website"><a href="/i/?get=f_3"><span class="websiteName">Agency wire</span></a></li><li class="item titleAuthorSummaryDate"><a target="_blank" rel="noreferrer" class="item-element title" href="{post.url}" dir="auto">{esc(post.headline)}</a><span class="item-element date"><time datetime="{post.date.isoformat()}">{post.date:%H:%M}</time></span></li></ul>
<div class="flux_content" dir="auto">
<div class="content">
<header><div class="tags"></div><h1 class="title"><a target="_blank" rel="noreferrer" class="go_website" href="{post.url}">{esc(post.headline)}</a></h1><div class="subtitle"><div class="website"><a href="/i/?get=f_3"><span>Agency wire</span></a></div><div class="date">{post.date:%d %B %Y}</div>{s.title}</div></header>
<div class="text">
{paragraphs(post)}
</div>
{s.after}
</div>
<ul class="horizontal-list bottom"><li class="item manage"><a class="bookmark" href="/i/?c=entry&amp;a=bookmark&amp;id=1709812345">☆ Favourite</a></li><li class="item share"><div class="dropdown"><a class="dropdown-toggle" href="#dropdown-share-1709812345">Share</a><ul class="dropdown-menu"><li class="item share"><a target="_blank" rel="noreferrer" href="mailto:?subject={esc(post.headline)}&amp;body={post.url}">Email</a></li></ul></div></li></ul>
</div>
</div>
</main>
</div>
</body>
</html>
"""


def joomla_k2(post: Post) -> str:
    """Joomla with K2 items: an "extra fields" block and a tag list after the full text."""
    s = post.slots
    return f"""<!DOCTYPE html>
<html prefix="og: http://ogp.me/ns#" lang="{post.lang}" dir="ltr">
<head>
<meta charset="utf-8" />
<base href="https://{post.host}/actualidad/item/8812-articulo.html" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<meta property="og:url" content="{og_url(post)}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(post.headline)}" />
<link rel="canonical" href="{canonical(post)}" />
{s.head}
<title>{esc(post.headline)}</title>
</head>
<body class="site com_k2 view-item no-layout no-task itemid-112">
<div class="body"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix"><a class="brand pull-left" href="/"><span class="site-title" title="Noticias del Valle">Noticias del Valle</span></a><div class="header-search pull-right"><form action="/buscar" method="post" class="form-inline"><label for="mod-search-searchword" class="element-invisible">Buscar...</label> <input name="searchword" id="mod-search-searchword" maxlength="200" class="inputbox search-query" type="search" placeholder="Buscar..." /></form></div></div></header>
<nav class="navigation" role="navigation"><div class="navbar pull-left"><a class="btn btn-navbar collapsed" data-toggle="collapse" data-target=".nav-collapse"><span class="element-invisible">Toggle Navigation</span></a></div><div class="nav-collapse"><ul class="nav menu nav-pills mod-list"><li class="item-101 default"><a href="/">Inicio</a></li><li class="item-112 current active"><a href="/actualidad">Actualidad</a></li></ul></div></nav>
<div class="row-fluid"><main id="content" role="main" class="span9">
<div id="system-message-container"></div>
<span id="startOfPageId8812"></span>
<div id="k2Container" class="itemView">
<div class="itemHeader"><span class="itemDateCreated">{post.date:%A, %d %B %Y %H:%M}</span><h2 class="itemTitle">{esc(post.headline)}</h2><span class="itemAuthor">Escrito por&nbsp;<a rel="author" href="/actualidad/itemlist/user/42-redaccion">{post.author}</a></span>{s.title}</div>
<div class="itemToolbar"><ul><li><a class="itemPrintLink" rel="nofollow" href="/actualidad/item/8812-articulo.html?tmpl=component&amp;print=1">Imprimir</a></li><li><a class="itemEmailLink" rel="nofollow" href="/component/mailto/?tmpl=component&amp;template=protostar&amp;link=abc">Email</a></li></ul><div class="clr"></div></div>
<div class="itemBody">
<div class="itemFullText">
{paragraphs(post)}
</div>
<div class="clr"></div>
{s.after}
<div class="itemContentFooter"><span class="itemHits">Visto 212 veces</span><div class="clr"></div></div>
</div>
<div class="itemLinks"><div class="itemCategory"><span>Publicado en</span><a href="/actualidad/itemlist/category/3-mundo">Mundo</a></div><div class="itemTagsBlock"><span>Etiquetado como</span><ul class="itemTags"><li><a href="/actualidad/itemlist/tag/ciudad">ciudad</a></li></ul><div class="clr"></div></div></div>
<div class="itemRelated"><h3>Artículos relacionados (por etiqueta)</h3><ul><li class="even"><a class="itemRelTitle" href="/actualidad/item/8790-obras">Las obras de la avenida terminarán en junio</a></li><li class="odd"><a class="itemRelTitle" href="/actualidad/item/8785-mercado">El mercado municipal amplía su horario</a></li><li class="even"><a class="itemRelTitle" href="{post.other_url}">{esc(post.other_title)}</a></li></ul><div class="clr"></div></div>
<div class="itemNavigation"><span class="itemNavigationTitle">Más en esta categoría:</span><a class="itemPrevious" href="{post.other_url}">&laquo; {esc(post.other_title)}</a></div>
</div>
</main>
<div id="aside" class="span3"><div class="well "><h3 class="page-header">Lo último</h3><ul class="latestnews mod-list"><li itemscope itemtype="https://schema.org/Article"><a href="{post.other_url}" itemprop="url"><span itemprop="name">{esc(post.other_title)}</span></a></li></ul></div></div>
</div></div></div>
<footer class="footer" role="contentinfo"><div class="container"><hr /><p class="pull-right"><a href="#top" id="back-top">Volver arriba</a></p><p>&copy; 2024 Noticias del Valle</p></div></footer>
</body>
</html>
"""


TEMPLATES = {
    "blogger-contempo": blogger_contempo,
    "blogger-simple": blogger_simple,
    "ghost-casper": ghost_casper,
    "drupal-olivero": drupal_olivero,
    "tumblr": tumblr,
    "news-portal": news_portal,
    "feed-reader": feed_reader,
    "joomla-k2": joomla_k2,
}
