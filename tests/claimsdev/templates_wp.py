"""WordPress aggregator templates, written after the markup of real themes and RSS-import plugins
(Twenty Twenty-One, tagDiv Newspaper, Jannah, Astra + WP RSS Aggregator, GeneratePress + Feedzy,
ColorMag + WPeMatico)."""

# ruff: noqa: E501

from __future__ import annotations

from .model import Post, canonical, esc, og_url, paragraphs


def _head(post: Post, site: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="{post.lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(post.headline)} &#8211; {site}</title>
<link rel="canonical" href="{canonical(post)}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(post.headline)}" />
<meta property="og:url" content="{og_url(post)}" />
<meta property="og:site_name" content="{site}" />
<meta property="article:published_time" content="{post.date.isoformat()}" />
<meta name="generator" content="WordPress 6.4.3" />
{post.slots.head}{extra}
<link rel='stylesheet' id='wp-block-library-css' href='https://{post.host}/wp-includes/css/dist/block-library/style.min.css' media='all' />
<script src="https://{post.host}/wp-includes/js/jquery/jquery.min.js" id="jquery-core-js"></script>
</head>
"""


def _sidebar(post: Post) -> str:
    return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="https://{post.host}/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Search" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="{post.other_url}">{esc(post.other_title)}</a></li><li><a href="https://{post.host}/2024/01/04/markets-open-higher/">Markets open higher as inflation cools</a></li><li><a href="https://{post.host}/2024/01/03/storm-warning/">Storm warning issued for the coast</a></li></ul></section>
<section id="text-3" class="widget widget_text"><h2 class="widget-title">About</h2><div class="textwidget"><p>We collect the most important news of the day from trusted sources around the world, so you do not have to. Updated every hour, every day of the year.</p></div></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li><a href="https://{post.host}/2024/03/">March 2024</a></li><li><a href="https://{post.host}/2024/02/">February 2024</a></li><li><a href="https://{post.host}/2024/01/">January 2024</a></li></ul></section>
</aside>"""


def twentytwentyone(post: Post) -> str:
    s = post.slots
    return _head(post, "World Briefing") + f"""<body class="post-template-default single single-post postid-4821 single-format-standard wp-embed-responsive is-light-theme">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header has-title-and-tagline" role="banner">
<div class="site-branding"><p class="site-title"><a href="https://{post.host}/">World Briefing</a></p><p class="site-description">News from everywhere</p></div>
<nav id="site-navigation" class="primary-navigation" role="navigation" aria-label="Primary menu"><div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper"><li class="menu-item"><a href="https://{post.host}/">Home</a></li><li class="menu-item"><a href="https://{post.host}/category/world/">World</a></li><li class="menu-item"><a href="https://{post.host}/contact/">Contact</a></li></ul></div></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-4821" class="post-4821 post type-post status-publish format-standard hentry category-world entry">
<header class="entry-header alignwide">
<h1 class="entry-title">{esc(post.headline)}</h1>
<div class="entry-meta-top">{s.title}</div>
</header>
<div class="entry-content">
{paragraphs(post)}
</div>
<footer class="entry-footer default-max-width">
<div class="posted-by"><span class="posted-on">Published <time class="entry-date published updated" datetime="{post.date.isoformat()}">{post.date:%B %d, %Y}</time></span><span class="byline">By <a href="https://{post.host}/author/{post.author}/" rel="author">{post.author}</a></span></div>
<div class="post-taxonomies"><span class="cat-links">Categorized as <a href="https://{post.host}/category/world/" rel="category tag">World</a></span></div>
{s.after}
</footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links"><div class="nav-previous"><a href="{post.other_url}" rel="prev"><p class="meta-nav">Previous post</p><p class="post-title">{esc(post.other_title)}</p></a></div></div></nav>
<div id="comments" class="comments-area default-max-width show-avatars"><div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">Leave a comment</h2><form action="https://{post.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes">Your email address will not be published.</p><p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" cols="45" rows="5"></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p></form></div></div>
</main></div></div>
{_sidebar(post)}
<footer id="colophon" class="site-footer" role="contentinfo"><div class="site-info"><div class="site-name"><a href="https://{post.host}/">World Briefing</a></div><div class="powered-by">Proudly powered by <a href="https://wordpress.org/">WordPress</a>.</div></div></footer>
</div>
</body>
</html>
"""


def newspaper(post: Post) -> str:
    """tagDiv Newspaper: meta row under the title, the "SOURCE / VIA / TAGS" boxes after the content."""
    s = post.slots
    return _head(post, "Daily Wire Digest") + f"""<body class="post-template-default single single-post td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
<div class="tdc-header-wrap"><div class="td-header-wrap td-header-style-1"><div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu"><div class="top-bar-style-1"><div class="td-header-sp-top-menu"><div class="td_data_time">{post.date:%A, %B %d, %Y}</div><ul id="menu-top" class="top-header-menu"><li><a href="https://{post.host}/about/">About</a></li><li><a href="https://{post.host}/advertise/">Advertise</a></li></ul></div></div></div></div>
<div class="td-header-menu-wrap-full"><div class="td-header-menu-wrap"><div id="td-header-menu" role="navigation"><div class="menu-td-demo-header-menu-container"><ul id="menu-td-demo-header-menu-1" class="sf-menu"><li><a href="https://{post.host}/">Home</a></li><li><a href="https://{post.host}/category/politics/">Politics</a></li><li><a href="https://{post.host}/category/business/">Business</a></li><li><a href="https://{post.host}/category/tech/">Tech</a></li></ul></div></div></div></div></div></div>
<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="https://{post.host}/">Home</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a class="entry-crumb" href="https://{post.host}/category/world/">World</a></span></div></div>
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-77013" class="post-77013 post type-post status-publish format-standard has-post-thumbnail category-world" itemscope itemtype="https://schema.org/Article">
<div class="td-post-header"><ul class="td-category"><li class="entry-category"><a href="https://{post.host}/category/world/">World</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{esc(post.headline)}</h1>
<div class="td-module-meta-info"><div class="td-post-author-name"><div class="td-author-by">By</div> <a href="https://{post.host}/author/{post.author}/">{post.author}</a><div class="td-author-line"> - </div></div><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.date.isoformat()}">{post.date:%B %d, %Y}</time></span> {s.title}<div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>0</a></div><div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-77013">214</span></div></div>
</header></div>
<div class="td-post-sharing-top"><div class="td-post-sharing-visible"><a class="td-social-sharing-button td-social-facebook" href="https://www.facebook.com/sharer.php?u={post.url}" title="Facebook"><span class="td-social-but-text">Facebook</span></a><a class="td-social-sharing-button td-social-twitter" href="https://twitter.com/intent/tweet?text={esc(post.headline)}&amp;url={post.url}" title="Twitter"><span class="td-social-but-text">Twitter</span></a></div></div>
<div class="td-post-content tagdiv-type">
<div class="td-post-featured-image"><a href="https://{post.host}/wp-content/uploads/2024/03/photo.jpg" data-caption=""><img width="696" height="392" class="entry-thumb" src="https://{post.host}/wp-content/uploads/2024/03/photo-696x392.jpg" alt="" title="photo"/></a></div>
{paragraphs(post)}
</div>
<footer><div class="td-post-source-tags">{s.after}<ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li><li><a href="https://{post.host}/tag/news/">news</a></li><li><a href="https://{post.host}/tag/world/">world</a></li></ul></div>
<div class="td-post-sharing-bottom"><div class="td-post-sharing-classic"><iframe frameBorder="0" src="https://www.facebook.com/plugins/like.php?href={post.url}" style="border:none;overflow:hidden;width:105px;height:21px;background-color:transparent;"></iframe></div></div>
<div class="td-block-row td-post-next-prev"><div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content"><span>Previous article</span><a href="{post.other_url}">{esc(post.other_title)}</a></div></div></div>
<div class="td-author-name vcard author" style="display: none"><span class="fn"><a href="https://{post.host}/author/{post.author}/">{post.author}</a></span></div></footer>
</article>
<div class="td_block_wrap td_block_related_posts td_with_ajax_pagination td-pb-border-top td_block_template_1"><h4 class="td-related-title td-block-title"><a class="td-related-left td-cur-simple-item" href="#">RELATED ARTICLES</a><a class="td-related-right" href="#">MORE FROM AUTHOR</a></h4><div class="td_block_inner"><div class="td-related-row"><div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts"><div class="item-details"><h3 class="entry-title td-module-title"><a href="https://{post.host}/2024/03/10/rates-decision/">Central bank holds rates steady for a third month</a></h3></div></div></div><div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts"><div class="item-details"><h3 class="entry-title td-module-title"><a href="https://{post.host}/2024/03/09/flood-relief/">Flood relief reaches villages cut off for a week</a></h3></div></div></div></div></div></div>
<div class="comments" id="comments"><div id="respond" class="comment-respond"><h4 id="reply-title" class="comment-reply-title">LEAVE A REPLY</h4><form action="https://{post.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><div class="clearfix"></div><div class="comment-form-input-wrap td-form-comment"><textarea placeholder="Comment:" id="comment" name="comment" cols="45" rows="8" aria-required="true"></textarea></div></form></div></div>
</div></div>
<div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar">{_sidebar(post)}</div></div>
</div></div></div>
<div class="td-footer-wrapper td-container-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span12"><div class="td-footer-info"><div class="footer-text-wrap">Daily Wire Digest brings you the news from the world's newsrooms.<div class="footer-email-wrap">Contact us: <a href="mailto:desk@{post.host}">desk@{post.host}</a></div></div></div></div></div></div></div>
<div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span td-sub-footer-copy">&copy; Newspaper WordPress Theme by TagDiv</div></div></div></div>
</div>
</body>
</html>
"""


def jannah(post: Post) -> str:
    """Jannah (TieLabs): post meta under the title, a "Source" box at the post bottom."""
    s = post.slots
    return _head(post, "Akhbar Today") + f"""<body id="tie-body" class="post-template-default single single-post wrapper-has-shadow block-head-1 magazine1 is-thumb-overlay-disabled is-desktop is-header-layout-3 sidebar-left has-sidebar post-layout-1 narrow-title-narrow-media">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<header id="theme-header" class="theme-header header-layout-3 main-nav-dark main-nav-default-dark main-nav-below no-stream-item top-nav-active top-nav-light"><nav id="top-nav" class="has-date-breaking-components top-nav header-nav has-breaking-news" aria-label="Secondary Navigation"><div class="container"><div class="topbar-wrapper"><div class="topbar-today-date tie-icon">{post.date:%A, %B %d %Y}</div><div class="tie-alignleft"><div class="breaking controls-is-active"><span class="breaking-title"><span class="tie-icon-bolt breaking-icon" aria-hidden="true"></span><span class="breaking-title-text">Breaking News</span></span><ul id="breaking-news-in-header" class="breaking-news" data-type="reveal"><li class="news-item"><a href="{post.other_url}">{esc(post.other_title)}</a></li></ul></div></div></div></div></nav>
<div class="container header-container"><div class="tie-row logo-row"><div class="logo-wrapper"><div class="tie-col-md-4 logo-container clearfix"><div id="logo" class="image-logo"><a title="Akhbar Today" href="https://{post.host}/"><img src="https://{post.host}/wp-content/uploads/logo.png" alt="Akhbar Today" class="logo_normal" width="300" height="49"></a></div></div></div></div></div>
<div class="main-nav-wrapper"><nav id="main-nav" class="main-nav header-nav" aria-label="Primary Navigation"><div class="container"><div class="main-menu-wrapper"><div id="menu-components-wrap"><div class="main-menu main-menu-wrap tie-alignleft"><div id="main-nav-menu" class="main-menu header-menu"><ul id="menu-main" class="menu" role="menubar"><li class="menu-item"><a href="https://{post.host}/">Home</a></li><li class="menu-item"><a href="https://{post.host}/category/local/">Local</a></li><li class="menu-item"><a href="https://{post.host}/category/economy/">Economy</a></li></ul></div></div></div></div></div></nav></div>
</header>
<div id="content" class="site-content container"><div id="main-content-row" class="tie-row main-content-row">
<div class="main-content tie-col-md-8 tie-col-xs-12" role="main">
<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="https://{post.host}/"><span class="tie-icon-home" aria-hidden="true"></span> Home</a><em class="delimiter">/</em><a href="https://{post.host}/category/local/">Local</a></nav>
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat tie-cat-12" href="https://{post.host}/category/local/">Local</a></span><h1 class="post-title entry-title">{esc(post.headline)}</h1>
<div id="single-post-meta" class="post-meta clearfix"><span class="author-meta single-author no-avatars"><span class="meta-item meta-author-wrapper meta-author-3"><span class="meta-author"><a href="https://{post.host}/author/{post.author}/" class="author-name tie-icon" title="{post.author}">{post.author}</a></span></span></span><span class="date meta-item tie-icon">{post.date:%Y/%m/%d}</span>{s.title}<div class="tie-alignright"><span class="meta-views meta-item "><span class="tie-icon-fire" aria-hidden="true"></span> 37 </span><span class="meta-reading-time meta-item"><span class="tie-icon-bookmark" aria-hidden="true"></span> 1 minute read</span></div></div>
</div></header>
<div class="entry-content entry clearfix">
{paragraphs(post)}
</div>
<div id="post-extra-info"><div class="theiaStickySidebar"><div id="single-post-meta" class="post-meta clearfix"><span class="date meta-item tie-icon">{post.date:%Y/%m/%d}</span></div></div></div>
<div class="clearfix"></div>
{s.after}
<div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span class="tie-icon-tags" aria-hidden="true"></span> Tags</div><span class="tagcloud"><a href="https://{post.host}/tag/city/" rel="tag">city</a></span></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><div class="share-links  icons-only"><a href="https://www.facebook.com/sharer.php?u={post.url}" rel="external noopener nofollow" title="Facebook" target="_blank" class="facebook-share-btn " data-raw="https://www.facebook.com/sharer.php?u={{post_link}}"><span class="share-btn-icon tie-icon-facebook"></span> <span class="screen-reader-text">Facebook</span></a><a href="https://api.whatsapp.com/send?text={esc(post.headline)}%20{post.url}" rel="external noopener nofollow" title="WhatsApp" target="_blank" class="whatsapp-share-btn "><span class="share-btn-icon tie-icon-whatsapp"></span> <span class="screen-reader-text">WhatsApp</span></a></div></div>
</article>
<div class="post-components"><div id="related-posts" class="container-wrapper has-extra-post"><div class="mag-box-title the-global-title"><h3>Related Articles</h3></div><div class="related-posts-list"><div class="related-item tie-standard"><h3 class="post-title"><a href="https://{post.host}/2024/03/02/new-market/">A new covered market for the old town</a></h3><div class="post-meta clearfix"><span class="date meta-item tie-icon">2024/03/02</span></div></div><div class="related-item tie-standard"><h3 class="post-title"><a href="https://{post.host}/2024/03/01/port-expansion/">Port expansion approved after long debate</a></h3><div class="post-meta clearfix"><span class="date meta-item tie-icon">2024/03/01</span></div></div><div class="related-item tie-standard"><h3 class="post-title"><a href="https://{post.host}/2024/02/28/school-meals/">Free school meals extended to all pupils</a></h3><div class="post-meta clearfix"><span class="date meta-item tie-icon">2024/02/28</span></div></div></div></div></div>
</div>
<aside class="sidebar tie-col-md-4 tie-col-xs-12 normal-side is-sticky" aria-label="Primary Sidebar"><div class="theiaStickySidebar">{_sidebar(post)}</div></aside>
</div></div>
<footer id="footer" class="site-footer dark-skin dark-widgetized-area"><div id="site-info" class="site-info site-info-layout-2"><div class="container"><div class="tie-row"><div class="tie-col-md-12"><div class="copyright-text copyright-text-first">&copy; Copyright 2024, All Rights Reserved</div></div></div></div></div></footer>
</div></div></div>
</body>
</html>
"""


def astra_wprss(post: Post) -> str:
    """Astra theme; posts imported by WP RSS Aggregator's Feed to Post (appended text)."""
    s = post.slots
    return _head(post, "TechPulse Hub") + f"""<body itemtype='https://schema.org/Blog' itemscope='itemscope' class="post-template-default single single-post ast-desktop ast-separate-container ast-right-sidebar astra-4.6.4">
<div class="hfeed site" id="page">
<header class="site-header header-main-layout-1 ast-primary-menu-enabled ast-logo-title-inline ast-hide-custom-menu-mobile ast-builder-menu-toggle-icon ast-mobile-header-inline" id="masthead" itemtype="https://schema.org/WPHeader" itemscope="itemscope" itemid="#masthead"><div id="ast-desktop-header"><div class="ast-main-header-wrap main-header-bar-wrap"><div class="ast-primary-header-bar ast-primary-header main-header-bar site-header-focus-item"><div class="site-primary-header-wrap ast-builder-grid-row-container site-header-focus-item ast-container"><div class="site-branding ast-site-identity" itemtype="https://schema.org/Organization" itemscope="itemscope"><span class="site-title" itemprop="name"><a href="https://{post.host}/" rel="home" itemprop="url">TechPulse Hub</a></span></div><nav class="site-navigation ast-flex-grow-1 navigation-accessibility site-header-focus-item" id="primary-site-navigation-desktop" aria-label="Site Navigation" itemtype="https://schema.org/SiteNavigationElement" itemscope="itemscope"><div class="main-navigation ast-inline-flex"><ul id="ast-hf-menu-1" class="main-header-menu ast-menu-shadow ast-nav-menu ast-flex submenu-with-border stack-on-mobile"><li class="menu-item"><a href="https://{post.host}/" class="menu-link">Home</a></li><li class="menu-item"><a href="https://{post.host}/category/gadgets/" class="menu-link">Gadgets</a></li></ul></div></nav></div></div></div></div></header>
<div id="content" class="site-content"><div class="ast-container">
<div id="primary" class="content-area primary"><main id="main" class="site-main">
<article class="post-5512 post type-post status-publish format-standard hentry category-news ast-article-single" id="post-5512" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">
<div class="ast-post-format- single-layout-1">
<header class="entry-header ast-no-thumbnail">
<h1 class="entry-title" itemprop="headline">{esc(post.headline)}</h1><div class="entry-meta">{s.title}<span class="posted-by vcard author" itemtype="https://schema.org/Person" itemscope="itemscope" itemprop="author"> <a title="View all posts by {post.author}" href="https://{post.host}/author/{post.author}/" rel="author" class="url fn n" itemprop="url"><span class="author-name" itemprop="name">{post.author}</span></a></span> / <span class="posted-on"><span class="published" itemprop="datePublished">{post.date:%B %d, %Y}</span></span></div>
</header>
<div class="entry-content clear" itemprop="text">
{paragraphs(post)}
</div>
{s.after}
</div>
</article>
<nav class="navigation post-navigation" aria-label="Post navigation"><div class="nav-links"><div class="nav-previous"><a title="{esc(post.other_title)}" href="{post.other_url}" rel="prev"><span class="ast-left-arrow">&larr;</span> Previous Post</a></div></div></nav>
</main></div>
<div class="widget-area secondary" id="secondary" itemtype="https://schema.org/WPSideBar" itemscope="itemscope"><div class="sidebar-main">{_sidebar(post)}</div></div>
</div></div>
<footer class="site-footer" id="colophon" itemtype="https://schema.org/WPFooter" itemscope="itemscope" itemid="#colophon"><div class="site-below-footer-wrap ast-builder-grid-row-container site-footer-focus-item ast-builder-grid-row-full ast-builder-grid-row-tablet-full ast-builder-grid-row-mobile-full ast-footer-row-stack ast-footer-row-tablet-stack ast-footer-row-mobile-stack"><div class="ast-builder-footer-grid-columns site-below-footer-inner-wrap ast-builder-grid-row"><div class="site-footer-below-section-1 site-footer-section site-footer-section-1"><div class="ast-builder-layout-element ast-flex site-footer-focus-item ast-footer-copyright"><div class="ast-footer-copyright"><p>Copyright &copy; 2024 TechPulse Hub | Powered by <a href="https://wpastra.com" rel="nofollow noopener" target="_blank">Astra WordPress Theme</a></p></div></div></div></div></div></footer>
</div>
</body>
</html>
"""


def generatepress_feedzy(post: Post) -> str:
    """GeneratePress; Feedzy imports an excerpt and a button to the original. A heavy sidebar."""
    s = post.slots
    sidebar = _sidebar(post) + "".join(
        f'<aside id="custom_html-{n}" class="widget_text widget widget_custom_html"><h2 class="widget-title">{t}</h2><div class="textwidget custom-html-widget"><p>{body}</p></div></aside>'
        for n, (t, body) in enumerate([
            ("Newsletter", "Get the best stories of the week in your inbox every Friday. No spam, unsubscribe at any time with one click. Join more than twenty thousand readers who start their weekend with our selection of the most important news."),
            ("Our mission", "This site gathers headlines and summaries from publishers across the web. We link to every original article and encourage our readers to visit and support the newsrooms that produce the journalism we all rely on every day."),
            ("Disclaimer", "Summaries are generated automatically from public feeds. Trademarks and content belong to their respective owners. If you are a publisher and want your feed removed, write to us and we will act within two working days."),
        ], start=4))
    return _head(post, "Headline Radar") + f"""<body class="post-template-default single single-post right-sidebar nav-float-right separate-containers header-aligned-left dropdown-hover" itemtype="https://schema.org/Blog" itemscope>
<header class="site-header has-inline-mobile-toggle" id="masthead" aria-label="Site" itemtype="https://schema.org/WPHeader" itemscope><div class="inside-header grid-container"><div class="site-branding"><p class="main-title" itemprop="headline"><a href="https://{post.host}/" rel="home">Headline Radar</a></p></div><nav class="main-navigation sub-menu-right" id="site-navigation" aria-label="Primary" itemtype="https://schema.org/SiteNavigationElement" itemscope><div class="inside-navigation grid-container"><div id="primary-menu" class="main-nav"><ul id="menu-main" class=" menu sf-menu"><li class="menu-item"><a href="https://{post.host}/">Home</a></li><li class="menu-item"><a href="https://{post.host}/sources/">Sources</a></li></ul></div></div></nav></div></header>
<div class="site grid-container container hfeed" id="page"><div class="site-content" id="content">
<div class="content-area" id="primary"><main class="site-main" id="main">
<article id="post-90211" class="post-90211 post type-post status-publish format-standard hentry category-headlines" itemtype="https://schema.org/CreativeWork" itemscope>
<div class="inside-article">
<header class="entry-header"><h1 class="entry-title" itemprop="headline">{esc(post.headline)}</h1><div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{post.date.isoformat()}" itemprop="datePublished">{post.date:%B %d, %Y}</time></span> {s.title}<span class="byline">by <span class="author vcard" itemprop="author" itemtype="https://schema.org/Person" itemscope><a class="url fn n" href="https://{post.host}/author/{post.author}/" title="View all posts by {post.author}" rel="author" itemprop="url"><span class="author-name" itemprop="name">{post.author}</span></a></span></span></div></header>
<div class="entry-content" itemprop="text">
{paragraphs(post)}
{s.after}
</div>
<footer class="entry-meta" aria-label="Entry meta"><span class="cat-links"><span class="screen-reader-text">Categories </span><a href="https://{post.host}/category/headlines/" rel="category tag">Headlines</a></span><nav id="nav-below" class="post-navigation" aria-label="Posts"><div class="nav-previous"><span class="prev"><a href="{post.other_url}" rel="prev">{esc(post.other_title)}</a></span></div></nav></footer>
</div>
</article>
</main></div>
<div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><div class="inside-right-sidebar">{sidebar}</div></div>
</div></div>
<div class="site-footer"><footer class="site-info" aria-label="Site" itemtype="https://schema.org/WPFooter" itemscope><div class="inside-site-info grid-container"><div class="copyright-bar"><span class="copyright">&copy; 2024 Headline Radar</span> &bull; Built with <a href="https://generatepress.com" itemprop="url">GeneratePress</a></div></div></footer></div>
</body>
</html>
"""


def colormag_wpematico(post: Post) -> str:
    """ColorMag (ThemeGrill); WPeMatico campaign posts."""
    s = post.slots
    return _head(post, "Regional Press Review") + f"""<body class="post-template-default single single-post wide better-responsive-menu">
<div id="page" class="hfeed site"><a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<header id="masthead" class="site-header clearfix cm-header"><div id="header-text-nav-container" class="clearfix"><div class="news-bar"><div class="inner-wrap"><div class="tg-news-bar__one"><div class="date-in-header">{post.date:%A, %B %d, %Y}</div><div class="breaking-news"><strong class="breaking-news-latest">Latest:</strong><ul class="newsticker"><li><a href="{post.other_url}" title="{esc(post.other_title)}">{esc(post.other_title)}</a></li></ul></div></div></div></div>
<div class="inner-wrap"><div id="header-text-nav-wrap" class="clearfix"><div id="header-left-section"><div id="header-text" class=""><h3 id="site-title"><a href="https://{post.host}/" title="Regional Press Review" rel="home">Regional Press Review</a></h3></div></div></div></div>
<nav id="site-navigation" class="main-navigation clearfix" role="navigation"><div class="inner-wrap clearfix"><div class="menu-primary-container"><ul id="menu-primary" class="menu"><li class="menu-item"><a href="https://{post.host}/">Home</a></li><li class="menu-item"><a href="https://{post.host}/category/region/">Region</a></li><li class="menu-item"><a href="https://{post.host}/category/sport/">Sport</a></li></ul></div></div></nav></div></header>
<div id="main" class="clearfix"><div class="inner-wrap clearfix">
<div id="primary"><div id="content" class="clearfix">
<article id="post-1209" class="post-1209 post type-post status-publish format-standard hentry category-region">
<div class="article-content clearfix">
<div class="above-entry-meta"><span class="cat-links"><a href="https://{post.host}/category/region/" style="background:#289dcc" rel="category tag">Region</a>&nbsp;</span></div>
<header class="entry-header"><h1 class="entry-title">{esc(post.headline)}</h1></header>
<div class="below-entry-meta"><span class="posted-on"><a href="{post.url}" title="{post.date:%H:%M}" rel="bookmark"><i class="fa fa-calendar-o"></i> <time class="entry-date published" datetime="{post.date.isoformat()}">{post.date:%B %d, %Y}</time></a></span><span class="byline"><span class="author vcard"><i class="fa fa-user"></i><a class="url fn n" href="https://{post.host}/author/{post.author}/" title="{post.author}">{post.author}</a></span></span>{s.title}</div>
<div class="entry-content clearfix">
{paragraphs(post)}
{s.after}
<div class="wpematico-credits" style="display:none">Powered by <a href="https://etruel.com/wpematico/">WPeMatico</a></div>
</div>
</div>
</article>
</div>
<ul class="default-wp-page clearfix"><li class="previous"><a href="{post.other_url}" rel="prev"><span class="meta-nav">&larr;</span> {esc(post.other_title)}</a></li></ul>
<div class="related-posts-wrapper"><h4 class="related-posts-main-title"><i class="fa fa-thumbs-up"></i><span>You May Also Like</span></h4><div class="related-posts clearfix"><div class="single-related-posts"><div class="article-content"><h3 class="entry-title"><a href="https://{post.host}/2024/02/27/harbour/" rel="bookmark" title="Harbour works delayed by winter storms">Harbour works delayed by winter storms</a></h3></div></div><div class="single-related-posts"><div class="article-content"><h3 class="entry-title"><a href="https://{post.host}/2024/02/26/council-budget/" rel="bookmark" title="Council budget passes after late-night session">Council budget passes after late-night session</a></h3></div></div></div></div>
</div>
<div id="secondary">{_sidebar(post)}</div>
</div></div>
<footer id="colophon" class="clearfix"><div class="footer-socket-wrapper clearfix"><div class="inner-wrap"><div class="footer-socket-area"><div class="footer-socket-right-section"></div><div class="footer-socket-left-section"><div class="copyright">Copyright &copy; 2024 <a href="https://{post.host}/" title="Regional Press Review"><span>Regional Press Review</span></a>. All rights reserved.<br>Theme: <a href="https://themegrill.com/themes/colormag" target="_blank" title="ColorMag" rel="nofollow"><span>ColorMag</span></a> by ThemeGrill.</div></div></div></div></div></footer>
</div>
</body>
</html>
"""


TEMPLATES = {
    "wp-twentytwentyone": twentytwentyone,
    "wp-newspaper": newspaper,
    "wp-jannah": jannah,
    "wp-astra-wprss": astra_wprss,
    "wp-generatepress-feedzy": generatepress_feedzy,
    "wp-colormag-wpematico": colormag_wpematico,
}
