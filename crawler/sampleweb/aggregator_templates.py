"""HTML templates of the sample web's aggregators: a Blogger blog and a WordPress site.

Written after the real markup of those platforms (post, list pages with their pagination), with
the same base-URL placeholders as :mod:`crawler.sampleweb.templates`.
"""

# ruff: noqa: E501

from __future__ import annotations

from .templates import Entry, esc, paragraphs_html, ph, stable_id

# --- Blogger -----------------------------------------------------------------------------------

BLOG_TITLE = "World News Today"


def render_blogger(e: Entry, newer: Entry | None, older: Entry | None) -> str:
    s = e.story
    base = ph(e.site)
    canonical = e.canonical or e.url
    og_url = e.og_url or e.url
    body = e.body_html if e.body_html is not None else paragraphs_html(s.paragraphs)
    post_id = stable_id(e.path)
    read_more = e.read_more or (e.url + "#more")
    newer_html = (f"<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='{newer.url}' "
                  "title='Newer Post'>Newer Post</a></span>") if newer else ""
    older_html = (f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{older.url}' "
                  "title='Older Post'>Older Post</a></span>") if older else ""
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='{s.lang}' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b'>
<head>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{base}/favicon.ico' rel='icon' type='image/x-icon'/>
<link href='{canonical}' rel='canonical'/>
<link rel="alternate" type="application/atom+xml" title="{BLOG_TITLE} - Atom" href="{base}/feeds/posts/default" />
<meta content='{og_url}' property='og:url'/>
<meta content='{esc(s.headline)}' property='og:title'/>
<meta content='{esc(s.description)}' property='og:description'/>
<title>{BLOG_TITLE}: {esc(s.headline)}</title>
</head>
<body class='loading'>
<div class='navbar section' id='navbar'><div class='widget Navbar'>Blogger navbar</div></div>
<div class='header-outer'><div class='Header'><h1 class='title'><a href='{base}/'>{BLOG_TITLE}</a></h1>
<p class='description'><span>The latest world news, collected for you.</span></p></div></div>
<div class='main-outer'><div class='main section' id='main'><div class='widget Blog' id='Blog1'>
<div class='blog-posts hfeed'>
<div class="date-outer"><h2 class='date-header'><span>{s.date.strftime('%A, %B %d, %Y')}</span></h2>
<div class="date-posts"><div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<a name='{post_id}'></a>
<h3 class='post-title entry-title' itemprop='name'>{esc(s.headline)}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{post_id}' itemprop='description articleBody'>
{body}
{e.claim_html}
<div style='clear: both;'></div>
</div>
<div class='jump-link'><a href='{read_more}' title='{esc(s.headline)}'>Read More</a></div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>Posted by <span class='fn' itemprop='author'>news admin</span></span>
<span class='post-timestamp'>at <meta content='{e.url}' itemprop='url'/><a class='timestamp-link' href='{e.url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{s.date.isoformat()}'>{s.date.strftime('%I:%M %p')}</abbr></a></span>
<span class='post-comment-link'></span>
<div class='post-share-buttons goog-inline-block'>
<a class='goog-inline-block share-button sb-email' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID={post_id}&amp;target=email' target='_blank' title='Email This'><span class='share-button-link-text'>Email This</span></a><a class='goog-inline-block share-button sb-blog' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID={post_id}&amp;target=blog' target='_blank' title='BlogThis!'><span class='share-button-link-text'>BlogThis!</span></a><a class='goog-inline-block share-button sb-twitter' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID={post_id}&amp;target=twitter' target='_blank' title='Share to Twitter'><span class='share-button-link-text'>Share to Twitter</span></a><a class='goog-inline-block share-button sb-facebook' href='https://www.blogger.com/share-post.g?blogID=1&amp;postID={post_id}&amp;target=facebook' target='_blank' title='Share to Facebook'><span class='share-button-link-text'>Share to Facebook</span></a>
</div></div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: <a href='{base}/search/label/World' rel='tag'>World</a></span></div>
</div></div>
<div class='comments' id='comments'><a name='comments'></a><h4>No comments:</h4>
<div id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'></dl></div>
<p class='comment-footer'><a href='https://www.blogger.com/comment.g?blogID=1&amp;postID={post_id}' onclick=''>Post a Comment</a></p>
</div></div></div></div></div>
<div class='blog-pager' id='blog-pager'>{newer_html}{older_html}<a class='home-link' href='{base}/'>Home</a></div>
<div class='clear'></div>
<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' href='{base}/feeds/{post_id}/comments/default' target='_blank' type='application/atom+xml'>Post Comments (Atom)</a></div></div>
</div></div></div>
<div class='sidebar section' id='sidebar-right-1'>
<div class='widget BlogArchive'><h2>Blog Archive</h2><ul><li><a class='post-count-link' href='{base}/2018/05/'>May 2018</a></li></ul></div>
<div class='widget Attribution'>Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div>
</div>
</body>
</html>
"""


def render_blogger_list(site: str, title: str, entries: list[Entry], older_href: str | None) -> str:
    base = ph(site)
    posts = "".join(
        f"<div class='post hentry'><h3 class='post-title entry-title'><a href='{e.url}'>{esc(e.story.headline)}</a></h3>"
        f"<div class='post-body entry-content'>{esc(e.story.description)}</div>"
        f"<div class='jump-link'><a href='{e.url}#more'>Read More</a></div></div>"
        for e in entries
    )
    older = (f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{older_href}'>Older Posts</a></span>"
             if older_href else "")
    return (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='UTF-8'/><title>{esc(title)}</title>"
        f"<link rel='alternate' type='application/atom+xml' href='{base}/feeds/posts/default'/></head><body>"
        f"<h1 class='title'><a href='{base}/'>{BLOG_TITLE}</a></h1><div class='blog-posts hfeed'>{posts}</div>"
        f"<div class='blog-pager' id='blog-pager'>{older}<a class='home-link' href='{base}/'>Home</a></div>"
        f"<div class='post-feeds'>Subscribe to: <a href='{base}/feeds/posts/default'>Posts (Atom)</a></div></body></html>\n"
    )


# --- WordPress ---------------------------------------------------------------------------------

WP_TITLE = "The Daily Digest"


def render_wp(e: Entry, prev: Entry | None, nxt: Entry | None, related: list[Entry]) -> str:
    s = e.story
    base = ph(e.site)
    canonical = e.canonical or e.url
    og_url = e.og_url or e.url
    body = e.body_html if e.body_html is not None else paragraphs_html(s.paragraphs)
    rel = "".join(
        f'<div class="jp-relatedposts-post"><h4><a href="{r.url}">{esc(r.story.headline)}</a></h4>'
        f"<p>{r.story.date.strftime('%B %d, %Y')}</p><p>In \"News\"</p></div>"
        for r in related
    )
    nav = ""
    if prev:
        nav += f'<div class="nav-previous"><a href="{prev.url}" rel="prev">{esc(prev.story.headline)}</a></div>'
    if nxt:
        nav += f'<div class="nav-next"><a href="{nxt.url}" rel="next">{esc(nxt.story.headline)}</a></div>'
    return f"""<!DOCTYPE html>
<html lang="{s.lang}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(s.headline)} &#8211; {WP_TITLE}</title>
<link rel="alternate" type="application/rss+xml" title="{WP_TITLE} &raquo; Feed" href="{base}/feed/" />
<link rel="canonical" href="{canonical}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(s.headline)}" />
<meta property="og:url" content="{og_url}" />
<meta property="og:site_name" content="{WP_TITLE}" />
<meta property="article:published_time" content="{s.date.isoformat()}" />
<meta name="generator" content="WordPress 4.9.6" />
</head>
<body class="post-template-default single single-post single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><p class="site-title"><a href="{base}/" rel="home">{WP_TITLE}</a></p>
<p class="site-description">News from everywhere, every day</p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="{base}/">Home</a></li><li><a href="{base}/category/news/">News</a></li><li><a href="{base}/about/">About</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{stable_id(e.path) % 10000}" class="post type-post status-publish format-standard hentry category-news">
<header class="entry-header"><h1 class="entry-title">{esc(s.headline)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{e.url}" rel="bookmark"><time class="entry-date published" datetime="{s.date.isoformat()}">{s.date.strftime('%B %d, %Y')}</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="{base}/about/">editor</a></span></span></div>
</header>
<div class="entry-content">
{body}
{e.claim_html}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button share-icon" href="{e.url}?share=twitter" target="_blank" title="Click to share on Twitter"><span>Twitter</span></a></li><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button share-icon" href="{e.url}?share=facebook" target="_blank" title="Click to share on Facebook"><span>Facebook</span></a></li><li class="share-end"></li></ul></div></div></div>
<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="button"><span>Like</span></span> <span class="loading">Loading...</span></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>{rel}</div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{base}/category/news/" rel="category tag">News</a></span></footer>
</article>
<nav class="navigation post-navigation" role="navigation"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">{nav}</div></nav>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{base}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p><p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="8"></textarea></p><p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" /></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p></form>
</div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="{base}/">Home</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
</body>
</html>
"""


def render_wp_list(site: str, title: str, entries: list[Entry], older: str | None, newer: str | None) -> str:
    base = ph(site)
    arts = "".join(
        f'<article class="post type-post hentry"><header class="entry-header"><h2 class="entry-title">'
        f'<a href="{e.url}" rel="bookmark">{esc(e.story.headline)}</a></h2></header>'
        f'<div class="entry-content"><p>{esc(e.story.description)}</p>'
        f'<p><a href="{e.url}" class="more-link">Continue reading <span class="screen-reader-text">'
        f"{esc(e.story.headline)}</span> &rarr;</a></p></div></article>"
        for e in entries
    )
    nav = ""
    if older:
        nav += f'<div class="nav-previous"><a href="{older}">Older posts</a></div>'
    if newer:
        nav += f'<div class="nav-next"><a href="{newer}">Newer posts</a></div>'
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="UTF-8"><title>{esc(title)} &#8211; {WP_TITLE}</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{base}/feed/" /></head><body class="home blog">'
        f'<header id="masthead"><p class="site-title"><a href="{base}/">{WP_TITLE}</a></p></header>'
        f'<main id="main" class="site-main">{arts}<nav class="navigation posts-navigation">{nav}</nav></main>'
        "</body></html>\n"
    )
