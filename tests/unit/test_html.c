/* test_html.c - unit tests of html_page_parse (indexer/parse/html_page.c
 * with indexer/parse/main_text.c) on small pages written here: which metadata wins,
 * character sets (BOM, <meta charset>, http-equiv, the caller's HTTP
 * charset, Latin-1, windows-1251, a charset that lies, an unknown one),
 * boilerplate removed from the text, pages without text, markup nested
 * 100000 deep and a 20 MB page; and reader_html: its sniffing, a .gz file
 * and the warnings it passes on. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "formats.h"
#include "parse/html_page.h"
#include "reader.h"

#define CHECK_HAS(hay, needle) do { \
    const char *h_ = (hay), *n_ = (needle); \
    if (h_ && strstr(h_, n_)) check_passed++; \
    else { check_failed++; fprintf(stderr, "%s:%d: \"%s\" not in \"%.200s\"\n", \
                                   __FILE__, __LINE__, n_, h_ ? h_ : "(null)"); } \
} while (0)

#define CHECK_HAS_NOT(hay, needle) do { \
    const char *h_ = (hay), *n_ = (needle); \
    if (h_ && !strstr(h_, n_)) check_passed++; \
    else { check_failed++; fprintf(stderr, "%s:%d: \"%s\" should not be in \"%.200s\"\n", \
                                   __FILE__, __LINE__, n_, h_ ? h_ : "(null)"); } \
} while (0)

/* One parsed page: the result, the article and the note or reason. */
typedef struct parsed {
    int rc;
    html_page_t *page;
    morgue_article_t art;
    char err[512];
} parsed_t;

static void parse_bytes(parsed_t *p, const char *html, size_t len, const char *http)
{
    memset(p, 0, sizeof *p);
    p->rc = html_page_parse(html, len, http, &p->page, &p->art, p->err, sizeof p->err);
}

static void parse_str(parsed_t *p, const char *html)
{
    parse_bytes(p, html, strlen(html), NULL);
}

static void done(parsed_t *p)
{
    html_page_free(p->page);
    p->page = NULL;
}

/* A page with head and body, and article paragraphs long enough to be
 * taken as text. */
static char *page(const char *head, const char *body)
{
    static const char *const fmt =
        "<!DOCTYPE html><html><head>%s</head><body>%s"
        "<div class=\"article-body\"><p>The river authority opened the new flood gates on "
        "Monday, a week ahead of the spring tides, after two years of works on the embankment.</p>"
        "<p>Engineers said the gates would protect about four thousand homes in the lower town, "
        "where the water reached the first floors three winters ago.</p></div></body></html>";
    size_t n = strlen(fmt) + strlen(head) + strlen(body) + 1;
    char *s = malloc(n);
    snprintf(s, n, fmt, head, body);
    return s;
}

/* ---- metadata ------------------------------------------------------- */

static void test_title_precedence(void)
{
    parsed_t p;
    char *html;

    html = page("<title>Gates open | River News</title>"
                "<meta property=\"og:title\" content=\"Flood gates open early\">"
                "<meta name=\"twitter:title\" content=\"Twitter title\">", "<h1>Heading</h1>");
    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.title, "Flood gates open early");
    CHECK_STR(p.err, "");
    done(&p);
    free(html);

    /* <title> with a site suffix that names og:site_name: cut. */
    html = page("<title>Flood gates open early | River News</title>"
                "<meta property=\"og:site_name\" content=\"River News\">", "<h1>Heading</h1>");
    parse_str(&p, html);
    CHECK_STR(p.art.title, "Flood gates open early");
    CHECK_STR(p.art.source, "River News");
    done(&p);
    free(html);

    /* A suffix that is not the site's name stays. */
    html = page("<title>Flood gates open early - Opinion</title>"
                "<meta property=\"og:site_name\" content=\"River News\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.title, "Flood gates open early - Opinion");
    done(&p);
    free(html);

    /* The host's name, and a prefix. */
    html = page("<title>Flood gates open early - RiverNews.com</title>"
                "<link rel=\"canonical\" href=\"https://www.rivernews.com/a/1\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.title, "Flood gates open early");
    done(&p);
    free(html);
    html = page("<title>River News :: Flood gates open early</title>"
                "<meta property=\"og:site_name\" content=\"River News\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.title, "Flood gates open early");
    done(&p);
    free(html);

    /* No <title>: the first <h1>, whitespace collapsed. */
    html = page("", "<h1>  Gates\n   open </h1><h1>Second</h1>");
    parse_str(&p, html);
    CHECK_STR(p.art.title, "Gates open");
    done(&p);
    free(html);

    /* None at all. */
    html = page("", "");
    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK(p.art.title == NULL);
    CHECK(p.art.date == NULL);
    CHECK(p.art.author == NULL);
    CHECK(p.art.source == NULL);
    CHECK(p.art.url == NULL);
    CHECK(p.art.language == NULL);
    done(&p);
    free(html);
}

static void test_date_precedence(void)
{
    parsed_t p;
    char *html;

    html = page("<meta name=\"date\" content=\"2020-01-03\">"
                "<meta property=\"article:published_time\" content=\"2020-01-02T23:30:00-05:00\">"
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                "\"datePublished\":\"2020-01-04\"}</script>",
                "<time datetime=\"2020-01-05\">5 Jan</time>");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2020-01-02");
    done(&p);
    free(html);

    /* JSON-LD next, in an @graph, an article before a WebPage. */
    html = page("<meta name=\"date\" content=\"2020-01-03\">"
                "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebPage\","
                "\"datePublished\":\"2020-01-06\"},{\"@type\":[\"NewsArticle\"],"
                "\"datePublished\":\"2020-01-04T10:00:00Z\"}]}</script>",
                "<time datetime=\"2020-01-05\">5 Jan</time>");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2020-01-04");
    done(&p);
    free(html);

    /* Then itemprop, then meta names (the better name wins), then <time>. */
    html = page("<meta name=\"dc.date\" content=\"2020-01-08\">"
                "<meta name=\"pubdate\" content=\"2020-01-03\">",
                "<time datetime=\"2020-01-05\">5 Jan</time>"
                "<span itemprop=\"datePublished\" content=\"2020-01-07\"></span>");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2020-01-07");
    done(&p);
    free(html);
    html = page("<meta name=\"dc.date\" content=\"2020-01-08\">"
                "<meta name=\"pubdate\" content=\"2020-01-03\">",
                "<time datetime=\"2020-01-05\">5 Jan</time>");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2020-01-03");
    done(&p);
    free(html);
    html = page("", "<time datetime=\"2020-01-05T08:00\">5 Jan</time>"
                    "<time datetime=\"2020-01-06\" pubdate>6 Jan</time>");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2020-01-06");
    done(&p);
    free(html);

    /* Unparseable dates are passed over; a date with words after it is cut. */
    html = page("<meta property=\"article:published_time\" content=\"yesterday-ish\">"
                "<meta name=\"date\" content=\"November 19, 2019, 07:47 PM EST\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.date, "2019-11-19");
    done(&p);
    free(html);
    html = page("<meta property=\"article:published_time\" content=\"0001-01-01T00:00:00Z\">", "");
    parse_str(&p, html);
    CHECK(p.art.date == NULL);
    done(&p);
    free(html);
}

static void test_author_site_url_language(void)
{
    parsed_t p;
    char *html;

    html = page("<meta name=\"author\" content=\"Ana Ruiz\">"
                "<meta property=\"article:author\" content=\"Article Author\">"
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                "\"author\":{\"name\":\"LD Author\"}}</script>", "");
    parse_str(&p, html);
    CHECK_STR(p.art.author, "Ana Ruiz");
    done(&p);
    free(html);

    /* article:author as a URL is not a name; JSON-LD names are joined. */
    html = page("<meta property=\"article:author\" content=\"https://facebook.com/x\">"
                "<script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\","
                "\"author\":[{\"@type\":\"Person\",\"name\":\"Ana Ruiz\"},\"Bo Lind\","
                "{\"name\":\"Ana Ruiz\"}],\"publisher\":{\"name\":\"River Press\"},"
                "\"inLanguage\":\"sv-SE\"}]</script>",
                "<a rel=\"author\" href=\"/x\">Rel Author</a>");
    parse_str(&p, html);
    CHECK_STR(p.art.author, "Ana Ruiz; Bo Lind");
    CHECK_STR(p.art.source, "River Press");
    CHECK_STR(p.art.language, "sv");
    done(&p);
    free(html);

    html = page("", "<span itemprop=\"author\" itemscope><span itemprop=\"name\">Cy Ode</span>"
                    " Staff writer</span><a rel=\"author\" href=\"/x\">Rel Author</a>");
    parse_str(&p, html);
    CHECK_STR(p.art.author, "Cy Ode");
    done(&p);
    free(html);
    html = page("", "<a rel=\"author\" href=\"/x\">By Rel Author</a>");
    parse_str(&p, html);
    CHECK_STR(p.art.author, "Rel Author");
    done(&p);
    free(html);

    /* og:site_name wins over the JSON-LD publisher; canonical over og:url. */
    html = page("<meta property=\"og:site_name\" content=\"River News\">"
                "<script type=\"application/ld+json\">{\"@type\":\"Article\","
                "\"publisher\":{\"name\":\"River Press\"}}</script>"
                "<meta property=\"og:url\" content=\"https://river.example/og\">"
                "<link rel=\"canonical\" href=\"https://river.example/canonical\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.source, "River News");
    CHECK_STR(p.art.url, "https://river.example/canonical");
    done(&p);
    free(html);

    /* A relative canonical is resolved against og:url; an address that is
     * not absolute is not a URL. */
    html = page("<meta property=\"og:url\" content=\"https://river.example/news/og\">"
                "<link rel=\"canonical\" href=\"/news/gates\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.url, "https://river.example/news/gates");
    done(&p);
    free(html);
    html = page("<link rel=\"canonical\" href=\"/news/gates\">", "");
    parse_str(&p, html);
    CHECK(p.art.url == NULL);
    done(&p);
    free(html);

    /* Language: <html lang>, else og:locale, else Content-Language. */
    parse_str(&p, "<html lang=\"pt-BR\"><head><meta property=\"og:locale\" content=\"es_ES\">"
                  "</head><body><p>Uma frase longa o bastante para ser o texto da pagina.</p>"
                  "</body></html>");
    CHECK_STR(p.art.language, "pt");
    done(&p);
    html = page("<meta property=\"og:locale\" content=\"es_ES\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.language, "es");
    done(&p);
    free(html);
    html = page("<meta http-equiv=\"Content-Language\" content=\"de\">", "");
    parse_str(&p, html);
    CHECK_STR(p.art.language, "de");
    done(&p);
    free(html);

    /* JSON-LD that does not parse is ignored; entities in it are decoded. */
    html = page("<script type=\"application/ld+json\">{\"@type\": \"Article\", oops}</script>"
                "<script type=\"application/ld+json\">{\"@type\":\"Article\","
                "\"headline\":\"Gates &amp; locks\"}</script>", "");
    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.title, "Gates & locks");
    done(&p);
    free(html);
}

/* ---- character sets ------------------------------------------------- */

static const char *const body_latin1 =
    "<p>Les vignerons de M\xE2" "con ont allum\xE9 des bougies dans la nuit, "
    "\xE0 cause du gel tardif qui menace les bourgeons.</p>";

static void test_charsets(void)
{
    parsed_t p;
    char html[2048];

    /* Latin-1 by <meta charset>. */
    snprintf(html, sizeof html, "<html><head><meta charset=\"ISO-8859-1\"><title>Caf\xE9</title>"
             "</head><body>%s</body></html>", body_latin1);
    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.title, "Caf\xC3\xA9");
    CHECK_HAS(p.art.body, "M\xC3\xA2" "con ont allum\xC3\xA9");
    CHECK_STR(p.err, "");
    done(&p);

    /* Latin-1 by http-equiv, after 2 KB of script. */
    snprintf(html, sizeof html, "<html><head><script>%0500d</script><meta http-equiv=\"content-type\" "
             "content=\"text/html; charset=iso-8859-1\"></head><body>%s</body></html>", 0,
             body_latin1);
    parse_str(&p, html);
    CHECK_HAS(p.art.body, "allum\xC3\xA9");
    CHECK_STR(p.err, "");
    done(&p);

    /* windows-1251. */
    parse_str(&p, "<html><head><meta charset=\"windows-1251\"><title>\xcf\xe5\xea\xe0\xf0\xed\xff"
                  "</title></head><body><p>\xd1\xf2\xe0\xf0\xe0\xff \xef\xe5\xea\xe0\xf0\xed\xff "
                  "\xf1\xed\xee\xe2\xe0 \xee\xf2\xea\xf0\xfb\xeb\xe0\xf1\xfc \xef\xee\xf1\xeb\xe5 "
                  "\xf0\xe5\xec\xee\xed\xf2\xe0.</p></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.title, "Пекарня");
    CHECK_STR(p.art.body, "Старая пекарня снова открылась после ремонта.");
    CHECK_STR(p.err, "");
    done(&p);

    /* Declared UTF-8, but Latin-1: repaired as Windows-1252, with a note. */
    snprintf(html, sizeof html, "<html><head><meta charset=\"utf-8\"></head><body>%s</body></html>",
             body_latin1);
    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK_HAS(p.art.body, "M\xC3\xA2" "con ont allum\xC3\xA9");
    CHECK_STR(p.err, "declared charset utf-8, but invalid UTF-8 decoded as Windows-1252");
    done(&p);

    /* No charset at all and Latin-1 bytes: the same repair. */
    snprintf(html, sizeof html, "<html><body>%s</body></html>", body_latin1);
    parse_str(&p, html);
    CHECK_HAS(p.art.body, "allum\xC3\xA9");
    CHECK_STR(p.err, "invalid UTF-8 decoded as Windows-1252");
    done(&p);

    /* Declared Latin-1, but the bytes are UTF-8: read as UTF-8. */
    parse_str(&p, "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Les vignerons de "
                  "Mâcon ont allumé des bougies dans la nuit à cause du gel.</p></body></html>");
    CHECK_HAS(p.art.body, "Mâcon ont allumé");
    CHECK_STR(p.err, "declared charset iso-8859-1, but the bytes are UTF-8");
    done(&p);

    /* The HTTP charset applies when the page declares none... */
    snprintf(html, sizeof html, "<html><body>%s</body></html>", body_latin1);
    parse_bytes(&p, html, strlen(html), "iso-8859-1");
    CHECK_HAS(p.art.body, "allum\xC3\xA9");
    CHECK_STR(p.err, "");
    done(&p);
    /* ...and the page's <meta> wins over it. */
    snprintf(html, sizeof html, "<html><head><meta charset=\"windows-1251\"></head><body><p>"
             "\xd1\xf2\xe0\xf0\xe0\xff \xef\xe5\xea\xe0\xf0\xed\xff \xf1\xed\xee\xe2\xe0 "
             "\xee\xf2\xea\xf0\xfb\xeb\xe0\xf1\xfc.</p></body></html>");
    parse_bytes(&p, html, strlen(html), "iso-8859-1");
    CHECK_HAS(p.art.body, "Старая пекарня");
    done(&p);

    /* A byte-order mark wins over everything. */
    snprintf(html, sizeof html, "\xEF\xBB\xBF<html><head><meta charset=\"windows-1251\"></head>"
             "<body><p>Les vignerons de Mâcon ont allumé des bougies.</p></body></html>");
    parse_str(&p, html);
    CHECK_HAS(p.art.body, "Mâcon ont allumé");
    CHECK_STR(p.err, "");
    done(&p);
    {
        static const char utf16[] = "\xFF\xFE<\0p\0>\0M\0\xE2\0""c\0o\0n\0 \0\xE9\0t\0\xE9\0<\0/\0p\0>\0";
        parse_bytes(&p, utf16, sizeof utf16 - 1, NULL);
        CHECK_INT(p.rc, 0);
        CHECK_STR(p.art.body, "Mâcon été");
        done(&p);
    }

    /* An unknown charset: read as UTF-8, with a note. */
    parse_str(&p, "<html><head><meta charset=\"x-klingon\"></head><body><p>Les vignerons de "
                  "Mâcon ont allumé des bougies.</p></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_HAS(p.art.body, "Mâcon");
    CHECK_STR(p.err, "unknown charset \"x-klingon\", read as UTF-8");
    done(&p);

    /* Bytes a charset does not define become U+FFFD. */
    parse_str(&p, "<html><head><meta charset=\"shift_jis\"></head><body><p>Tokyo \x82\xa0 and "
                  "a byte that is not Shift JIS: \xa0\xff.</p></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_HAS(p.art.body, "Tokyo \xE3\x81\x82 and");
    CHECK_HAS(p.err, "not valid in charset shift_jis replaced");
    done(&p);
}

/* ---- the main text -------------------------------------------------- */

static void test_boilerplate(void)
{
    parsed_t p;
    const char *html =
        "<!DOCTYPE html><html lang=\"en\"><head><title>Flood gates open | River News</title>"
        "<meta property=\"og:site_name\" content=\"River News\">"
        "<script>var tracker = 'SCRIPTWORD';</script><style>p{color:red}</style></head><body>"
        "<div id=\"top-menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">MENUWORD</a></li>"
        "</ul></div><nav><a href=\"/\">NAVWORD</a></nav>"
        "<div class=\"ad-banner\">ADWORD buy now</div>"
        "<article><header><h1>Flood gates open</h1><p class=\"byline\">By Ana Ruiz</p></header>"
        "<div class=\"share-buttons\"><a href=\"#\">SHAREWORD Facebook</a></div>"
        "<div class=\"entry-content\">"
        "<p>The river authority opened the new flood gates on Monday, a week ahead of the spring "
        "tides, after two years of works on the embankment, the harbour and the locks.</p>"
        "<figure><img src=\"a.jpg\"><figcaption>CAPTIONWORD the gates</figcaption></figure>"
        "<p>Engineers said the gates would protect about four thousand homes in the lower town, "
        "where the water reached the first floors three winters ago, and the shops as well.</p>"
        "<p style=\"display:none\">HIDDENWORD</p>"
        "<p>The mayor thanked the crews, who had worked through two floods, a fire and a strike "
        "to finish the work, and said the town would hold a festival on the new quay.</p>"
        "</div><footer>Tags: <a href=\"/t\">TAGWORD</a></footer></article>"
        "<aside class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/1\">RELATEDWORD one story "
        "that is long enough to count</a></li><li><a href=\"/2\">Another RELATEDWORD story that "
        "is long enough</a></li></ul></aside>"
        "<div id=\"comments\"><div class=\"comment\"><p>COMMENTWORD: what a waste of money, "
        "they should have built a higher wall, as everybody knows, long ago.</p></div></div>"
        "<footer class=\"site-footer\">FOOTERWORD copyright</footer>"
        "<script>document.write('SCRIPTWORD2')</script></body></html>";

    parse_str(&p, html);
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.title, "Flood gates open");
    CHECK(strncmp(p.art.body, "The river authority opened", 26) == 0);
    CHECK_HAS(p.art.body, "the locks.\n\nEngineers said");
    CHECK_HAS(p.art.body, "on the new quay.");
    {
        static const char *const words[] = { "SCRIPTWORD", "MENUWORD", "NAVWORD", "ADWORD",
                                             "SHAREWORD", "CAPTIONWORD", "HIDDENWORD",
                                             "TAGWORD", "RELATEDWORD", "COMMENTWORD",
                                             "FOOTERWORD", "Ana Ruiz", "Flood gates open",
                                             "color:red", NULL };
        for (int i = 0; words[i] != NULL; i++)
            CHECK_HAS_NOT(p.art.body, words[i]);
    }
    done(&p);
}

static void test_text_layout(void)
{
    parsed_t p;

    /* Paragraphs, line breaks, entities, whitespace, inline markup. */
    parse_str(&p, "<html><body><div class=\"content\"><p>First &amp; <b>bold</b>\n   words, "
                  "and <a href=\"/x\">a link</a> in a long enough sentence.</p>"
                  "<p>Second line one<br>line two, which goes on for a while longer.</p>"
                  "<ul><li>item one</li><li>item two</li></ul></div></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_HAS(p.art.body, "First & bold words, and a link in a long enough sentence.\n\n"
                          "Second line one\nline two");
    done(&p);

    /* JSON-LD articleBody when the markup holds no text. */
    parse_str(&p, "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                  "\"articleBody\":\"The text &amp; only the text, in the metadata.\"}</script>"
                  "</head><body><div id=\"app\"></div></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.body, "The text & only the text, in the metadata.");
    done(&p);

    /* A body hidden until scripts have run is still read. */
    parse_str(&p, "<html style=\"visibility:hidden\"><body style=\"display: none\">"
                  "<p>Shown once the scripts have run, but text all the same.</p></body></html>");
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.body, "Shown once the scripts have run, but text all the same.");
    done(&p);

    /* A short page is still a page. */
    parse_str(&p, "<p>Short.</p>");
    CHECK_INT(p.rc, 0);
    CHECK_STR(p.art.body, "Short.");
    done(&p);
}

static void test_no_text(void)
{
    parsed_t p;

    parse_bytes(&p, "", 0, NULL);
    CHECK_INT(p.rc, -1);
    CHECK(p.page == NULL);
    CHECK_STR(p.err, "empty page");
    parse_str(&p, " \r\n\t ");
    CHECK_INT(p.rc, -1);
    CHECK_STR(p.err, "empty page");
    parse_str(&p, "<html><head><title>Only a title</title></head><body></body></html>");
    CHECK_INT(p.rc, -1);
    CHECK_STR(p.err, "no article text in the page");
    parse_str(&p, "<html><body><nav><a href=\"/\">Home</a></nav><script>x()</script>"
                  "<!-- a comment --><img src=\"a.png\"></body></html>");
    CHECK_INT(p.rc, -1);
    CHECK_STR(p.err, "no article text in the page");
    parse_bytes(&p, "\0\0\0\0", 4, NULL);
    CHECK_INT(p.rc, -1);
    CHECK(p.page == NULL);
    html_page_free(NULL);
}

/* ---- enormous input ------------------------------------------------- */

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void test_deep_nesting(void)
{
    const size_t levels = 100000;
    const char *head = "<html><body><div class=\"content\"><p>Before the deep markup comes a "
                       "paragraph long enough to be the article, about glaciers.</p>";
    size_t n = strlen(head) + levels * 11 + 64, len;
    char *html = malloc(n);
    parsed_t p;

    len = (size_t)snprintf(html, n, "%s", head);
    for (size_t i = 0; i < levels; i++)
        len += (size_t)snprintf(html + len, n - len, "<div><span>");
    len += (size_t)snprintf(html + len, n - len, "DEEPWORD");
    parse_bytes(&p, html, len, NULL);
    CHECK_INT(p.rc, 0);
    CHECK_HAS(p.art.body, "about glaciers.");
    CHECK_HAS_NOT(p.art.body, "DEEPWORD");
    CHECK_STR(p.err, "the HTML parser stopped (Excessive depth in document: 256 use "
                     "XML_PARSE_HUGE option); the rest of the page was ignored");
    done(&p);
    free(html);
}

static void test_enormous_page(void)
{
    const size_t size = 20u << 20;
    const char *para = "<p>A paragraph of the enormous page, one of very many, repeated.</p>\n";
    size_t k = strlen(para), len = 0;
    char *html = malloc(size + 64);
    long before = max_rss_kb();
    parsed_t p;

    len += (size_t)sprintf(html, "<html><body><div class=\"content\">");
    while (len + k < size) {
        memcpy(html + len, para, k);
        len += k;
    }
    parse_bytes(&p, html, len, NULL);
    CHECK_INT(p.rc, 0);
    CHECK(p.art.body != NULL && strncmp(p.art.body, "A paragraph of the enormous", 27) == 0);
    CHECK_HAS(p.err, "page of 20971" /* bytes */);
    CHECK_HAS(p.err, "only the first 8388608 read");
    CHECK(p.art.body != NULL && strlen(p.art.body) < (9u << 20));
#ifndef __SANITIZE_ADDRESS__
    /* The tree of the first 8 MiB, not of all 20 MB: well under 1 GB. */
    CHECK(max_rss_kb() - before < (1L << 20));
#else
    (void)before;
#endif
    done(&p);
    free(html);
}

/* ---- reader_html ---------------------------------------------------- */

typedef struct sink {
    int articles;
    char title[256], body[256], path[256], warn[512];
    int skipped;
} sink_t;

static int sink_emit(void *s_, const morgue_article_t *a)
{
    sink_t *s = s_;
    s->articles++;
    snprintf(s->title, sizeof s->title, "%s", a->title ? a->title : "(null)");
    snprintf(s->body, sizeof s->body, "%s", a->body);
    snprintf(s->path, sizeof s->path, "%s", a->path ? a->path : "(null)");
    return 0;
}

static void sink_warn(void *s_, unsigned long line, int skipped, const char *fmt, va_list ap)
{
    sink_t *s = s_;
    vsnprintf(s->warn, sizeof s->warn, fmt, ap);
    s->skipped = skipped;
    (void)line;
}

static reader_result_t read_file(const char *path, sink_t *s)
{
    reader_ctx_t ctx = { .path = path, .shown = path, .emit = sink_emit, .warn = sink_warn,
                         .sink = s };
    input_t *in;
    char err[128];
    reader_result_t r;

    memset(s, 0, sizeof *s);
    if (input_open(path, &in, err, sizeof err) != 0)
        return READ_FAILED;
    r = reader_html.read(in, &ctx);
    input_close(in);
    return r;
}

static void test_reader(void)
{
    char path[] = "/tmp/morgue-test-html-XXXXXX";
    int fd = mkstemp(path);
    const char *html = "<html><head><meta charset=\"utf-8\"><title>Gates</title></head><body>"
                       "<p>The river authority opened the new flood gates on Monday.</p></body></html>";
    gzFile gz;
    sink_t s;

    CHECK(fd >= 0);
    close(fd);
    gz = gzopen(path, "wb");
    gzwrite(gz, html, (unsigned)strlen(html));
    gzclose(gz);
    CHECK_INT(read_file(path, &s), READ_OK);
    CHECK_INT(s.articles, 1);
    CHECK_STR(s.title, "Gates");
    CHECK_STR(s.body, "The river authority opened the new flood gates on Monday.");
    CHECK_STR(s.path, path);
    CHECK_STR(s.warn, "");

    /* A page without text: the file is skipped with the reason. */
    gz = gzopen(path, "wb");
    gzwrite(gz, "<html><body></body></html>", 26);
    gzclose(gz);
    CHECK_INT(read_file(path, &s), READ_FAILED);
    CHECK_INT(s.articles, 0);
    CHECK_STR(s.warn, "no article text in the page");
    CHECK_INT(s.skipped, 1);

    /* A repair: the article is kept, the note is a warning. */
    gz = gzopen(path, "wb");
    gzwrite(gz, "<p>Caf\xE9 au lait.</p>", 20);
    gzclose(gz);
    CHECK_INT(read_file(path, &s), READ_OK);
    CHECK_INT(s.articles, 1);
    CHECK_STR(s.body, "Café au lait.");
    CHECK_STR(s.warn, "invalid UTF-8 decoded as Windows-1252");
    CHECK_INT(s.skipped, 0);
    unlink(path);
}

static void test_sniff(void)
{
    static const char *const yes[] = {
        "<!DOCTYPE html><html>", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "<html lang=\"en\">", "<HTML>", "  \n<head><title>x</title>",
        "\xEF\xBB\xBF<!-- saved from url=(0022)http://example.com -->\n<!DOCTYPE html>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
        NULL
    };
    static const char *const no[] = {
        "<p>Just a paragraph</p>", "<htmlx>", "Hello <html>", "<!-- never closed <html>",
        "{\"title\": \"<html>\"}", "<?xml version=\"1.0\"?><rss version=\"2.0\">", NULL
    };
    for (int i = 0; yes[i] != NULL; i++)
        CHECK(reader_html.sniff(yes[i], strlen(yes[i])));
    for (int i = 0; no[i] != NULL; i++)
        CHECK(!reader_html.sniff(no[i], strlen(no[i])));
    CHECK(format_pick("/x/page.dat", yes[0], strlen(yes[0])) == &reader_html);
    CHECK(format_pick("/x/page.htm", "", 0) == &reader_html);
    CHECK(format_pick("/x/PAGE.HTML.gz", "", 0) == &reader_html);
    CHECK(format_pick("/x/page.xhtml", "", 0) == &reader_html);
    CHECK(format_pick("/x/page.shtml", "", 0) == &reader_html);
    CHECK(format_by_name("html") == &reader_html);
}

int main(void)
{
    test_title_precedence();
    test_date_precedence();
    test_author_site_url_language();
    test_charsets();
    test_boilerplate();
    test_text_layout();
    test_no_text();
    test_deep_nesting();
    test_enormous_page();
    test_reader();
    test_sniff();
    return check_report();
}
