"""Reads a running journal's feeds, sitemaps, robots.txt and page metadata with real parsers
(feedparser, xml.etree, json) and checks their fields. Run by the HTTP suite under Debian's
/usr/bin/python3, which has python3-feedparser:

    /usr/bin/python3 tests/http/check_discovery.py SERVER SITE_BASE_URL HOSTILE_TITLE

SERVER is where to fetch (http://127.0.0.1:PORT); SITE_BASE_URL the site.base_url that absolute
links in the documents start with.

Prints one line per failed check and exits 1 when any failed."""
import json
import re
import sys
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

SERVER, BASE, HOSTILE = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
    return condition


def fetch(path):
    with urllib.request.urlopen(SERVER + path) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def meta(html, attribute, name):
    m = re.search(r'<meta %s="%s" content="([^"]*)">' % (attribute, re.escape(name)), html)
    return m.group(1) if m else None


OFFSET_3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

# Feeds: every edition, a section, a tag and an author, in both formats.
home = fetch("/en/")[2].decode()
section = re.search(r'href="(/en/section/[a-z0-9-]+)"', home).group(1)
# The first article of the front page with a photo, tags and a byline.
for article_path in re.findall(r'href="(/en/[a-z0-9-]+-\d+\.html)"', home):
    article = fetch(article_path)[2].decode()
    tag = re.search(r'href="(/en/tag/[a-z0-9-]+)"', article)
    author = re.search(r'href="(/en/author/[a-z0-9-]+)"', article)
    if tag and author and 'property="og:image"' in article:
        tag, author = tag.group(1), author.group(1)
        break
hostile_seen = {"rss": False, "atom": False}
for page in ["/", "/en/", section, tag, author]:
    for kind in ["rss", "atom"]:
        path = page + ("" if page.endswith("/") else "/") + "feed" + ("/atom" if kind == "atom" else "")
        status, content_type, body = fetch(path)
        d = feedparser.parse(body)
        where = path
        check(status == 200, f"{where}: status {status}")
        check(content_type.startswith("application/%s+xml" % kind), f"{where}: type {content_type}")
        check(not d.bozo, f"{where}: not well formed: {d.get('bozo_exception')}")
        check(d.version == ("rss20" if kind == "rss" else "atom10"), f"{where}: version {d.version}")
        check(0 < len(d.entries) <= 20, f"{where}: {len(d.entries)} entries")
        check(d.feed.get("language", "en" if page.startswith("/en") else "vi")[:2]
              == ("en" if page.startswith("/en") else "vi"), f"{where}: language")
        for e in d.entries:
            check(e.link.startswith(BASE + ("/en/" if page.startswith("/en") else "/")),
                  f"{where}: link {e.link}")
            check(re.fullmatch(re.escape(BASE) + r"/\?p=\d+", e.id) is not None, f"{where}: id {e.id}")
            check(e.get("published_parsed") is not None, f"{where}: no date on {e.id}")
            raw = e.get("published", "")
            check(raw.endswith("+0700") if kind == "rss" else OFFSET_3339.match(raw) is not None,
                  f"{where}: date {raw!r} without the zone's offset")
            check("content" in e and len(e.content[0].value) > 50, f"{where}: no full content")
            check(len(e.get("tags", [])) > 0, f"{where}: no categories")
            if e.title == HOSTILE:
                hostile_seen[kind] = True
                body = e.content[0].value  # the body's HTML: its text escaped once
                check("]]&gt;" in body and "&lt;/script&gt;" in body, f"{where}: body {body!r}")
        if page == "/en/":
            pictured = [e for e in d.entries if e.get("enclosures")]
            check(pictured, f"{where}: no enclosure for featured photos")
            for e in pictured:
                check(e.enclosures[0].get("type", "").startswith("image/"), f"{where}: enclosure type")
check(all(hostile_seen.values()), f"the imported article with a hostile title, seen in {hostile_seen}")

# Sitemaps.
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "image": "http://www.google.com/schemas/sitemap-image/1.1",
      "xhtml": "http://www.w3.org/1999/xhtml",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}
status, content_type, body = fetch("/sitemap.xml")
index = ET.fromstring(body)
check(index.tag == "{%s}sitemapindex" % NS["s"], "sitemap.xml is no sitemap index")
maps = [(m.find("s:loc", NS).text, m.find("s:lastmod", NS)) for m in index.findall("s:sitemap", NS)]
check(len(maps) >= 4, f"sitemap index lists {len(maps)} sitemaps")
article_urls, images, alternates = 0, 0, 0
for loc, lastmod in maps:
    check(loc.startswith(BASE + "/sitemap-"), f"sitemap loc {loc}")
    urlset = ET.fromstring(fetch(loc[len(BASE):])[2])
    for u in urlset.findall("s:url", NS):
        url = u.find("s:loc", NS).text
        check(url.startswith(BASE + "/"), f"{loc}: url {url}")
        if url.endswith(".html"):
            article_urls += 1
            mod = u.find("s:lastmod", NS)
            check(mod is not None and OFFSET_3339.match(mod.text), f"{loc}: lastmod of {url}")
        images += len(u.findall("image:image/image:loc", NS))
        links = u.findall("xhtml:link", NS)
        if links:
            alternates += 1
            check({l.get("hreflang") for l in links} == {"vi", "en"}, f"{loc}: hreflang of {url}")
check(article_urls > 0 and images > 0 and alternates > 0,
      f"sitemaps: {article_urls} articles, {images} images, {alternates} with translations")
news = ET.fromstring(fetch("/news-sitemap.xml")[2])
check(news.tag == "{%s}urlset" % NS["s"], "news sitemap root")
for u in news.findall("s:url", NS):
    n = u.find("news:news", NS)
    check(n.find("news:publication/news:name", NS).text, "news:name")
    check(n.find("news:publication/news:language", NS).text in ("vi", "en"), "news:language")
    check(OFFSET_3339.match(n.find("news:publication_date", NS).text), "news:publication_date")
    check(n.find("news:title", NS).text, "news:title")

check(any(u.find("news:news/news:title", NS).text == HOSTILE for u in news.findall("s:url", NS)),
      "news sitemap: the article of the last hour")

robots = fetch("/robots.txt")[2].decode()
check("Disallow: /admin/" in robots, "robots.txt keeps crawlers out of the back office")
check(f"Sitemap: {BASE}/sitemap.xml" in robots, "robots.txt names the sitemap")

# Metadata: JSON-LD and OpenGraph per kind of page.
data = json_ld(article)
kinds = {d["@type"]: d for d in data}
news_article = kinds.get("NewsArticle")
if check(news_article is not None, "article: no NewsArticle"):
    a = news_article
    check(a["headline"] and a["mainEntityOfPage"]["@id"] == BASE + article_path, "NewsArticle: headline, page")
    check(OFFSET_3339.match(a["datePublished"]) and OFFSET_3339.match(a["dateModified"]), "NewsArticle: dates")
    check(a["author"][0]["@type"] == "Person" and a["author"][0]["jobTitle"]
          and a["author"][0]["url"].startswith(BASE + "/en/author/"), "NewsArticle: author")
    check(a["publisher"]["@type"] == "Organization" and a["publisher"]["logo"]["url"].startswith(BASE),
          "NewsArticle: publisher with logo")
    check(len(a["image"]) >= 1 and all(i["width"] > 0 and i["height"] > 0 for i in a["image"]),
          "NewsArticle: images with sizes")
    check(a["inLanguage"] == "en" and a["isPartOf"]["url"] == BASE + "/en/", "NewsArticle: language, isPartOf")
crumbs = kinds.get("BreadcrumbList")
check(crumbs is not None and len(crumbs["itemListElement"]) == 3, "article: breadcrumb of three")
check(meta(article, "property", "og:type") == "article", "article: og:type")
check(meta(article, "property", "og:image:width"), "article: og:image:width")
check(OFFSET_3339.match(meta(article, "property", "article:published_time") or ""), "article: published_time")
site = {d["@type"]: d for d in json_ld(home)}.get("WebSite")
check(site is not None and "{search_term_string}" in site["potentialAction"]["target"]["urlTemplate"],
      "front page: WebSite with SearchAction")
listing = fetch(section)[2].decode()
check("CollectionPage" in {d["@type"] for d in json_ld(listing)}, "section: CollectionPage")
for path in ["/", "/en/", section, tag, author, "/en/archive/", article_path, "/en/search?q=soldier"]:
    html = fetch(path)[2].decode()
    description = meta(html, "name", "description")
    check(description, f"{path}: meta description")
    check(meta(html, "property", "og:title"), f"{path}: og:title")
    check('type="application/rss+xml"' in html, f"{path}: link to a feed")

# The hostile title, in the imported article's page: JSON-LD keeps it whole and never ends its
# script element early.
hostile_page = fetch("/en/search?q=jerry")[2].decode()
m = re.search(r'<h2><a href="(/en/[^"]+\.html)">', hostile_page)
if check(m is not None, "the hostile article is found by search"):
    page = fetch(m.group(1))[2].decode()
    check(page.count("</script>") == len(re.findall(r"<script", page)), "a title ended a script element")
    headlines = [d.get("headline") for d in json_ld(page)]
    check(HOSTILE in headlines, f"JSON-LD headline {headlines!r}")

for f in failures:
    print("FAILED:", f)
print(f"{len(failures)} failed checks")
sys.exit(1 if failures else 0)
