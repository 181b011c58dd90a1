/* test_feed.c - unit tests of indexer/parse/html_fragment.c (HTML to
 * text) and of indexer/readers/feed.c (RSS 2.0, RSS 1.0/RDF and Atom): the
 * fixtures in corpus/feed/, temporary files written here for the odd cases
 * (UTF-16, undeclared prefixes, enormous text, inputs over the size bound),
 * and the sniff test. Run from the project root (or set MORGUE_ROOT); the
 * count over the real feeds of ../shared/corpora/rss-feeds is skipped
 * when they are absent. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "input.h"
#include "parse/html_fragment.h"
#include "reader.h"
#include "sink.h"
#include "tempfile.h"

/* ---- the sink (tests/unit/sink.h) --------------------------------- */

/* Run the feed reader on path, collecting into s (cleared first). */
static reader_result_t run(const char *path, sink_t *s)
{
    return sink_run(&reader_feed, path, s, NULL, 0);
}

/* The i-th article kept (a zeroed one when there are fewer). */
static const morgue_article_t *art(const sink_t *s, int i)
{
    static const morgue_article_t none;
    return i < s->narticles && i < SINK_MAX_ARTICLES ? &s->art[i].a : &none;
}

/* "field=value" of the t-th tag of the i-th article kept, or NULL. */
static const char *tag(const sink_t *s, int i, int t)
{
    return i < s->narticles && i < SINK_MAX_ARTICLES ? sink_tag(&s->art[i], (size_t)t) : NULL;
}

/* ---- temporary files ----------------------------------------------- */

static const char *write_temp_str(const char *s)
{
    return temp_write("", s, strlen(s));
}

static char root[1024] = ".";

static const char *fixture(const char *name)
{
    static char path[4][1200];
    static int next;
    char *p = path[next++ % 4];

    snprintf(p, sizeof path[0], "%s/corpus/feed/%s", root, name);
    return p;
}

/* An RSS 2.0 document around items (a string of <item> elements). */
static char *rss(const char *items)
{
    static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<rss version=\"2.0\"><channel><title>T</title>\n";
    static const char tail[] = "</channel></rss>\n";
    size_t n = strlen(head) + strlen(items) + strlen(tail) + 1;
    char *doc = malloc(n);

    snprintf(doc, n, "%s%s%s", head, items, tail);
    return doc;
}

static const char *write_rss(const char *items)
{
    char *doc = rss(items);
    const char *path = write_temp_str(doc);

    free(doc);
    return path;
}

/* ---- markup_text ----------------------------------------------------- */

/* markup_text of a string, compared with want. */
#define CHECK_MARKUP(html, want) do { \
    char *got_ = markup_text((html), strlen(html)); \
    CHECK_STR(got_, want); \
    free(got_); \
} while (0)

static void test_markup_blocks(void)
{
    CHECK_MARKUP("<p>Hello <b>world</b></p><p>Second</p>", "Hello world\n\nSecond");
    CHECK_MARKUP("<p>one<p>two", "one\n\ntwo");
    CHECK_MARKUP("a<br>b<br/><br>c", "a\nb\n\nc");
    CHECK_MARKUP("text<br>\n<br>\nmore", "text\n\nmore");
    CHECK_MARKUP("<div>one</div><div>two</div>three", "one\ntwo\nthree");
    CHECK_MARKUP("<ul><li>one</li><li>two</li></ul>after", "one\ntwo\n\nafter");
    CHECK_MARKUP("<h1>Head</h1>body<h6>small</h6>", "Head\n\nbody\n\nsmall");
    CHECK_MARKUP("before<blockquote>quoted</blockquote>after", "before\n\nquoted\n\nafter");
    CHECK_MARKUP("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>x",
                 "a b\nc\n\nx");
    CHECK_MARKUP("<dl><dt>term</dt><dd>meaning</dd></dl>", "term\nmeaning");
    CHECK_MARKUP("one<hr>two", "one\n\ntwo");
    CHECK_MARKUP("<p></p><div></div>x<p> </p>", "x");
}

static void test_markup_text(void)
{
    CHECK_MARKUP("  plain \t text\n\nwith   spaces  ", "plain text with spaces");
    CHECK_MARKUP("<b>bold</b><i>italic</i> <a href=\"x\">link</a>", "bolditalic link");
    CHECK_MARKUP("caf&eacute; &amp; &#8220;quoted&#8221; &#x2014; x&nbsp;&nbsp;y",
                 "caf\xC3\xA9 & \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 x y");
    CHECK_MARKUP("AT&T < 5 > 3", "AT&T < 5 > 3");
    CHECK_MARKUP("a<!-- a comment -->b", "ab");
    CHECK_MARKUP("<img src=\"x.png\" alt=\"an image\">caption", "caption");
    CHECK_MARKUP("", "");
    CHECK_MARKUP(" \n\t ", "");
    CHECK_MARKUP("<p> </p>", "");
}

static void test_markup_dropped(void)
{
    CHECK_MARKUP("<script>var x = '<p>no</p>';</script>ok", "ok");
    CHECK_MARKUP("a<style>p { color: red }</style>b", "ab");
    CHECK_MARKUP("<noscript>enable scripts</noscript>text", "text");
    CHECK_MARKUP("<template><p>later</p></template>now", "now");
    CHECK_MARKUP("<iframe src=\"x\">frame</iframe>kept", "kept");
    CHECK_MARKUP("<html><head><title>Page title</title>"
                 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
                 "</head><body><p>caf\xC3\xA9 \xC3\xBC</p></body></html>",
                 "caf\xC3\xA9 \xC3\xBC");
    CHECK_MARKUP("<html><head><meta charset=\"windows-1251\"></head><body>\xC3\xA9</body></html>",
                 "\xC3\xA9");
}

static void test_markup_pre(void)
{
    CHECK_MARKUP("<pre>line one\n  indented\n\nafter blank</pre>next",
                 "line one\n  indented\n\nafter blank\n\nnext");
    CHECK_MARKUP("intro<pre>\r\ncode\r\n</pre>", "intro\n\ncode");
}

static void test_markup_bad_input(void)
{
    char *got;
    size_t n = 20000;
    char *deep = malloc(n * 5 + 64);

    /* invalid UTF-8 is repaired, NUL bytes dropped */
    got = markup_text("caf\xE9 a\0b", 8);
    CHECK_STR(got, "caf\xC3\xA9 ab");
    free(got);
    got = markup_text(NULL, 0);
    CHECK_STR(got, "");
    free(got);
    /* unclosed and stray tags */
    CHECK_MARKUP("<p>open <b>bold <i>both</p> after</b>", "open bold both\n\nafter");
    CHECK_MARKUP("</div></p>text", "text");
    /* deep nesting: libxml2 stops at its depth limit; no crash, the text
     * before it is kept */
    memcpy(deep, "intro ", 6);
    for (size_t i = 0; i < n; i++)
        memcpy(deep + 6 + i * 5, "<div>", 5);
    deep[6 + n * 5] = '\0';
    got = markup_text(deep, strlen(deep));
    CHECK(got != NULL);
    CHECK_PREFIX(got, "intro");
    free(got);
    free(deep);
}

/* ---- sniffing ------------------------------------------------------ */

static int sniff_str(const char *s)
{
    return reader_feed.sniff(s, strlen(s));
}

static void test_sniff(void)
{
    char head[512];
    FILE *f;
    size_t n;

    CHECK(sniff_str("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"));
    CHECK(sniff_str("\xEF\xBB\xBF<rss>"));
    CHECK(sniff_str("  \n<!-- a comment --><?xml-stylesheet href=\"a.xsl\"?>\n"
                    "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                    "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\">"));
    CHECK(sniff_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"));
    CHECK(sniff_str("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"));
    CHECK(sniff_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                    "xmlns=\"http://purl.org/rss/1.0/\"><channel>"));
    /* the root start tag cut off by the end of the head */
    CHECK(sniff_str("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/el"));
    CHECK(sniff_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"e"));
    /* Latin-1 bytes after the root start tag, no declaration */
    CHECK(sniff_str("<rss>\n<channel><title>Not\xED" "cias</title>"));
    /* UTF-16 with a byte-order mark */
    CHECK(reader_feed.sniff("\xFF\xFE<\0r\0s\0s\0>\0", 12));

    CHECK(!sniff_str("<feed xmlns=\"http://example.org/other\">"));
    CHECK(!sniff_str("<?xml version=\"1.0\"?><catalog><rss/></catalog>"));
    CHECK(!sniff_str("<!DOCTYPE html><html><head><title>rss</title>"));
    CHECK(!sniff_str("{\"title\": \"<rss>\"}"));
    CHECK(!sniff_str("rss feed as plain text"));
    CHECK(!sniff_str("<rssfeed>"));
    CHECK(!sniff_str(""));
    CHECK(!reader_feed.sniff("\x89PNG\r\n\x1a\n\0\0\0", 11));

    f = fopen(fixture("city-desk.atom"), "rb");
    n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    CHECK(n > 0 && reader_feed.sniff(head, n));
}

/* ---- the fixtures ---------------------------------------------------- */

static void test_rss2(sink_t *s)
{
    const morgue_article_t *a;

    CHECK_INT(run(fixture("harbour-gazette.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 3);
    CHECK_INT(s->nwarnings, 0);
    a = art(s, 0);
    CHECK_STR(a->title, "Ferry timetable changes after storm damage");
    CHECK_STR(a->url, "https://harbour-gazette.example.org/2024/03/ferry-timetable");
    CHECK_STR(a->id, "https://harbour-gazette.example.org/2024/03/ferry-timetable");
    CHECK_STR(a->date, "2024-03-11");
    CHECK_STR(a->source, "Harbour Gazette");
    CHECK_STR(a->author, "Morag Lindsay");
    CHECK_STR(a->language, "en-gb");
    CHECK(a->place == NULL);
    /* content:encoded is fuller than the description; its script is dropped */
    CHECK_STR(a->body, "The morning ferry will leave an hour later until the north pier "
                       "is repaired.\n\nRepairs & inspections should take three weeks, "
                       "the harbour master said.");
    CHECK_INT(a->ntags, 2);
    CHECK_STR(tag(s, 0, 0), "category=Transport");
    CHECK_STR(tag(s, 0, 1), "category=Weather");
    CHECK_INT(a->line, 12);
    CHECK_PREFIX(a->path, root);

    a = art(s, 1);
    CHECK_STR(a->title, "Fish market & auction hall reopens");
    CHECK_STR(a->url, "https://harbour-gazette.example.org/2024/03/fish-market");
    CHECK_STR(a->date, "2024-03-12");
    CHECK_STR(a->source, "Coastal Wire");
    CHECK_STR(a->author, "Ewan Ross");
    CHECK_STR(a->body, "Traders returned to the renovated hall on Tuesday.\n\n"
                       "Prices for cod held steady at the first auction.");
    CHECK_INT(a->ntags, 1);
    CHECK_STR(tag(s, 1, 0), "category=Business");

    a = art(s, 2);
    CHECK_STR(a->title, "Lifeboat crew honoured for winter rescue");
    CHECK_STR(a->url, "https://harbour-gazette.example.org/2024/03/lifeboat-crew");
    CHECK_STR(a->id, a->url);
    CHECK_STR(a->date, "2024-03-13");
    CHECK(a->author == NULL);
    CHECK_INT(a->ntags, 0);
}

static void test_atom(sink_t *s)
{
    const morgue_article_t *a;

    CHECK_INT(run(fixture("city-desk.atom"), s), READ_OK);
    CHECK_INT(s->narticles, 3);
    CHECK_INT(s->nwarnings, 0);
    a = art(s, 0);
    CHECK_STR(a->title, "Tram line approved by council");
    CHECK_STR(a->url, "https://citydesk.example.com/news/tram-line-approved");
    CHECK_STR(a->id, a->url);
    CHECK_STR(a->date, "2024-05-01");            /* published, not updated */
    CHECK_STR(a->source, "City Desk");           /* type="html" title */
    CHECK_STR(a->author, "Helga Brandt; Omar Haddad");
    CHECK_STR(a->language, "en");
    CHECK_STR(a->body, "The council voted 31 to 12 for the new tram line.\n\n"
                       "Cost: 40 million\nOpening: 2027");
    CHECK_INT(a->ntags, 2);
    CHECK_STR(tag(s, 0, 0), "category=transport");
    CHECK_STR(tag(s, 0, 1), "category=council");

    a = art(s, 1);
    CHECK_STR(a->title, "Nueva biblioteca en el barrio norte");
    CHECK_STR(a->url, "https://citydesk.example.com/es/biblioteca"); /* not rel="related" */
    CHECK_STR(a->date, "2024-04-28");
    CHECK_STR(a->author, "City Desk Staff");     /* the feed's author */
    CHECK_STR(a->language, "es");
    CHECK_STR(a->body, "La biblioteca abrir\xC3\xA1 en junio.\n\nTendr\xC3\xA1 cuarenta mil libros.");

    a = art(s, 2);
    CHECK_STR(a->title, "Parking fees to rise in the centre");
    CHECK(a->url == NULL);
    CHECK_STR(a->id, "tag:citydesk.example.com,2024:103");
    CHECK_STR(a->body, "Fees in the centre go up by a tenth in June.");
}

static void test_rdf(sink_t *s)
{
    const morgue_article_t *a;

    CHECK_INT(run(fixture("science-wire.rdf"), s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 0);
    a = art(s, 0);
    CHECK_STR(a->title, "Glacier survey finds faster melting");
    CHECK_STR(a->url, "https://sciencewire.example.org/glacier-survey");
    CHECK_STR(a->date, "2024-02-14");
    CHECK_STR(a->source, "Science Wire");
    CHECK_STR(a->author, "Ana Ferreira");
    CHECK_STR(a->language, "en");
    CHECK_STR(tag(s, 0, 0), "category=Climate");
    a = art(s, 1);
    CHECK_STR(a->url, "https://sciencewire.example.org/comet"); /* from rdf:about */
    CHECK_STR(a->author, "Lars Holm; Ana Ferreira");
    CHECK_STR(a->date, "2024-02-15");
    CHECK_STR(a->body, "Two observers in the north found the comet on the same night.");
}

static void test_latin1_and_gzip(sink_t *s)
{
    const morgue_article_t *a;

    /* declared ISO-8859-1 with two Windows-1252 quote bytes; Spanish dates */
    CHECK_INT(run(fixture("diario-del-valle.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 0);
    a = art(s, 0);
    CHECK_STR(a->title, "Cosecha r\xC3\xA9\x63ord de uvas en el valle de Curic\xC3\xB3");
    CHECK_STR(a->body, "Los vi\xC3\xB1\x61teros hablan de un a\xC3\xB1o "
                       "\xE2\x80\x9C\x65xcepcional\xE2\x80\x9D para la vendimia.");
    CHECK_STR(a->date, "2024-02-05");
    CHECK_STR(a->language, "es-cl");
    CHECK_STR(art(s, 1)->title, "Ni\xC3\xB1os del pueblo aprenden a nadar en el r\xC3\xADo");
    CHECK_STR(art(s, 1)->date, "2024-02-06");

    CHECK_INT(run(fixture("mountain-post.rss.gz"), s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 0);
    CHECK_STR(art(s, 0)->title, "Avalanche warning raised for the eastern passes");
    CHECK_STR(art(s, 0)->date, "2024-01-19");
    CHECK_STR(art(s, 1)->url, "https://mountainpost.example.org/ski-school");
}

static void test_broken_fixtures(sink_t *s)
{
    CHECK_INT(run(fixture("broken/truncated.rss"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 2);
    CHECK_STR(art(s, 1)->title, "Orchard owners expect a late bloom");
    CHECK_INT(s->nwarnings, 2);
    CHECK_WARN(s, 0, 22, 1, "malformed XML: Premature end of data in tag description line 22");
    CHECK_WARN(s, 1, 19, 1, "item not complete (the XML breaks off inside it); skipped");

    CHECK_INT(run(fixture("broken/cut.atom.gz"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 7);
    CHECK_STR(art(s, 6)->title, "River news number 7");
    CHECK_INT(s->nwarnings, 2);
    CHECK_WARN(s, 0, 0, 1, "truncated gzip stream after 2351 bytes; the items before the break are kept");
    CHECK_WARN(s, 1, 54, 1, "entry not complete (the XML breaks off inside it); skipped");

    CHECK_INT(run(fixture("broken/undeclared-latin1.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_STR(art(s, 0)->title, "Feira de artesanato atrai visitantes de S\xC3\xA3o Jo\xC3\xA3o");
    CHECK_STR(art(s, 0)->date, "2024-03-09");     /* "Sáb, 09 Mar 2024" */
    CHECK_STR(art(s, 1)->body, "As obras come\xC3\xA7\x61m em abril e duram tr\xC3\xAAs meses.");
    CHECK_STR(art(s, 1)->language, "pt-br");
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 0, 0, "invalid UTF-8 decoded as Windows-1252");

    CHECK_INT(run(fixture("broken/missing-fields.rss"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 4);
    CHECK_STR(art(s, 0)->title, "Regatta moved to Sunday");
    CHECK(art(s, 0)->author == NULL);
    CHECK(art(s, 0)->language == NULL);
    CHECK_STR(art(s, 1)->title, "Water quality tests all clear");
    CHECK_STR(art(s, 1)->body, "Water quality tests all clear"); /* headline only */
    CHECK(art(s, 1)->date == NULL);
    CHECK_STR(art(s, 2)->title, "Boathouse roof to be replaced");
    CHECK(art(s, 2)->date == NULL);
    CHECK(art(s, 3)->id == NULL);
    CHECK(art(s, 3)->url == NULL);
    CHECK_INT(art(s, 3)->line, 26);               /* identity: path and line */
    CHECK_INT(s->nwarnings, 2);
    CHECK_WARN(s, 0, 12, 1, "item has no title and no text; skipped");
    CHECK_WARN(s, 1, 20, 0, "unrecognised date \"sometime last week\", indexed without one");

    CHECK_INT(run(fixture("broken/deep.rss"), s), READ_PARTIAL);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Hill race record broken");
    CHECK_INT(s->nwarnings, 2);
    CHECK_WARN(s, 0, 14, 1, "malformed XML: Excessive depth in document: 256 use "
                            "XML_PARSE_HUGE option; the rest of the file is not read");
    CHECK_WARN(s, 1, 11, 1, "item not complete (the XML breaks off inside it); skipped");

    CHECK_INT(run(fixture("broken/not-a-feed.xml"), s), READ_FAILED);
    CHECK_INT(s->narticles, 0);
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 0, 1, "not a feed: the root element is <catalog>");

    CHECK_INT(run(fixture("broken/entities.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Caf\xC3\xA9 opens in the old ranger\xE2\x80\x99s hut");
    CHECK_STR(art(s, 0)->body, "Coffee and cake \xE2\x80\x94 every weekend.");
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 7, 0, "undeclared entity &eacute; read as in HTML (and others after it)");

    CHECK_INT(run(fixture("broken/unknown-encoding.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Ferry pier gets new lights");
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 0, 0, "unknown encoding \"x-klingon\", read as UTF-8");

    CHECK_INT(run(fixture("broken/controls.rss"), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Beach clean-up collects two tonnes");
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 0, 0, "control characters dropped");
}

/* ---- odd inputs written here ----------------------------------------- */

static void test_odd_encodings(sink_t *s)
{
    /* UTF-16LE with a byte-order mark */
    const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>W</title>"
                      "<item><title>Wide \xC3\xA9</title><description>d</description></item>"
                      "</channel></rss>";
    size_t n = strlen(doc), k = 2;
    unsigned char *wide = malloc(2 * n + 2);

    wide[0] = 0xFF;
    wide[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)doc[i];
        if (c == 0xC3) {               /* the one two-byte character: é */
            wide[k++] = 0xE9;
            wide[k++] = 0;
            i++;
        } else {
            wide[k++] = c;
            wide[k++] = 0;
        }
    }
    CHECK_INT(run(temp_write("", wide, k), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Wide \xC3\xA9");
    CHECK_STR(art(s, 0)->source, "W");
    CHECK_INT(s->nwarnings, 0);
    free(wide);

    /* declared UTF-8, but Latin-1 bytes: repaired */
    CHECK_INT(run(write_rss("<item><title>Caf\xE9</title></item>"), s), READ_OK);
    CHECK_STR(art(s, 0)->title, "Caf\xC3\xA9");
    CHECK_WARN(s, 0, 0, 0, "invalid UTF-8 decoded as Windows-1252");

    /* windows-1251 declared */
    CHECK_INT(run(write_temp_str("<?xml version=\"1.0\" encoding=\"windows-1251\"?>"
                                 "<rss><channel><item><title>\xCD\xEE\xE2\xEE\xF1\xF2\xE8</title>"
                                 "</item></channel></rss>"), s), READ_OK);
    CHECK_STR(art(s, 0)->title, "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8");
    CHECK_INT(s->nwarnings, 0);

    /* a UTF-8 byte-order mark */
    CHECK_INT(run(write_temp_str("\xEF\xBB\xBF<rss><channel><item><title>BOM</title></item>"
                                 "</channel></rss>"), s), READ_OK);
    CHECK_STR(art(s, 0)->title, "BOM");
    CHECK_INT(s->nwarnings, 0);
}

static void test_odd_structure(sink_t *s)
{
    const char *path;

    /* prefixes used without being declared; an RSS 0.91 doctype (never
     * fetched); a relative link without a channel link; guid not a link */
    path = write_temp_str("<?xml version=\"1.0\"?>\n"
                          "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                          "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
                          "<rss version=\"0.91\"><channel><title>Old</title><language>fr</language>\n"
                          "<item><title>One</title><dc:creator>Ann Lee</dc:creator>"
                          "<content:encoded>&lt;p&gt;Full text&lt;/p&gt;</content:encoded>"
                          "<dc:date>2023-11-02</dc:date><link>story/1</link>"
                          "<guid isPermaLink=\"false\">x-1</guid></item>\n"
                          "<item><title>Two &amp;amp; &lt;b&gt;bold&lt;/b&gt;</title>"
                          "<description>short</description></item>\n"
                          "</channel></rss>\n");
    CHECK_INT(run(path, s), READ_OK);
    CHECK_INT(s->narticles, 2);
    CHECK_INT(s->nwarnings, 0);
    CHECK_STR(art(s, 0)->author, "Ann Lee");
    CHECK_STR(art(s, 0)->body, "Full text");
    CHECK_STR(art(s, 0)->date, "2023-11-02");
    CHECK_STR(art(s, 0)->url, "story/1");
    CHECK_STR(art(s, 0)->language, "fr");
    CHECK_STR(art(s, 0)->source, "Old");
    CHECK_STR(art(s, 1)->title, "Two & bold");
    CHECK_INT(art(s, 1)->line, 5);

    /* Atom 0.3: its namespace, escaped HTML content, <issued>, <modified> */
    path = write_temp_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                          "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">\n"
                          "<title>Old Atom</title><link rel=\"alternate\" type=\"text/html\" "
                          "href=\"http://old.example.org/\"/>\n"
                          "<entry><title>Zero three</title>"
                          "<link rel=\"alternate\" type=\"text/html\" href=\"/a/1\"/>"
                          "<modified>2005-03-02T10:00:00Z</modified><issued>2005-03-01T10:00:00Z</issued>"
                          "<author><name>Kim Park</name></author>"
                          "<content type=\"text/html\" mode=\"escaped\">&lt;p&gt;Old &amp;amp; gold&lt;/p&gt;</content>"
                          "</entry>\n</feed>\n");
    CHECK_INT(run(path, s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Zero three");
    CHECK_STR(art(s, 0)->url, "http://old.example.org/a/1");
    CHECK_STR(art(s, 0)->date, "2005-03-01");
    CHECK_STR(art(s, 0)->author, "Kim Park");
    CHECK_STR(art(s, 0)->source, "Old Atom");
    CHECK_STR(art(s, 0)->body, "Old & gold");

    /* no items: a warning that keeps the file */
    CHECK_INT(run(write_rss(""), s), READ_OK);
    CHECK_INT(s->narticles, 0);
    CHECK_WARN(s, 0, 0, 0, "no items in this feed");

    /* an empty file, and content that is not XML at all */
    CHECK_INT(run(temp_write("", "", 0), s), READ_FAILED);
    CHECK_WARN(s, 0, 0, 1, "empty file");
    CHECK_INT(run(temp_write("", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), s), READ_FAILED);
    CHECK_INT(s->nwarnings, 1);                   /* no notes about repairs */
    CHECK_PREFIX(s->warn[0].text, "not XML: ");
    CHECK_INT(s->warn[0].skipped, 1);

    /* an error in the middle: recovered, the later items kept, reported */
    path = write_rss("<item><title>A</title></item>\n<item><title>B</wrong></item>\n"
                     "<item><title>C</title></item>\n");
    CHECK_INT(run(path, s), READ_PARTIAL);
    CHECK_INT(s->narticles, 3);
    CHECK_STR(art(s, 2)->title, "C");
    CHECK_INT(s->nwarnings, 1);
    CHECK_WARN(s, 0, 4, 1, "malformed XML: Opening and ending tag mismatch: title line 4 and wrong");

    /* emit asks to stop */
    s->stop_after = 1;
    CHECK_INT(run(fixture("harbour-gazette.rss"), s), READ_STOPPED);
    CHECK_INT(s->narticles, 1);
    s->stop_after = 0;
}

/* Entities: external ones are never loaded, exponential ones stop the
 * parse instead of exhausting memory. */
static void test_entities(sink_t *s)
{
    const char *secret = write_temp_str("SECRETVALUE");
    char doc[1024];
    const char *laughs;

    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
             "<!ENTITY xxe SYSTEM \"file://%s\">\n<!ENTITY inner \"inside\">\n]>\n"
             "<rss><channel><title>L</title>\n"
             "<item><title>File &xxe; end &inner;</title><description>d &xxe;</description></item>\n"
             "</channel></rss>\n", secret);
    CHECK_INT(run(write_temp_str(doc), s), READ_OK);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "File end inside");
    CHECK_STR(art(s, 0)->body, "d");

    laughs = write_temp_str(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
        "<!ENTITY a \"lol lol lol lol lol lol lol lol lol lol\">\n"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
        "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
        "]>\n<rss><channel><title>L</title>\n"
        "<item><title>Before</title></item>\n"
        "<item><title>Laughs &i;</title></item>\n"
        "</channel></rss>\n");
    CHECK_INT(run(laughs, s), READ_PARTIAL);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Before");
    CHECK(s->nwarnings >= 1);
    CHECK_PREFIX(s->warn[0].text, "malformed XML: Detected an entity reference loop");
}

/* Many categories: the first 64 distinct ones are kept. */
static void test_many_tags(sink_t *s)
{
    size_t cap = 100 * 48 + 64, n = 0;
    char *items = malloc(cap);

    n += (size_t)snprintf(items + n, cap - n, "<item><title>Tags</title>");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(items + n, cap - n, "<category>c%d</category>", i % 80);
    snprintf(items + n, cap - n, "</item>");
    CHECK_INT(run(write_rss(items), s), READ_OK);
    CHECK_INT(art(s, 0)->ntags, 64);
    CHECK_STR(tag(s, 0, 7), "category=c7");
    free(items);
}

/* A description of 12 MB in one text node: read, no item lost (the XML
 * parser keeps the first 10 MB of a single text node, and markup_text
 * looks at the first 8 MiB of it). */
static void test_enormous_text(sink_t *s)
{
    size_t big = 12u << 20;
    const char *head = "<rss><channel><title>Big</title>\n<item><title>First</title></item>\n"
                       "<item><title>Huge</title><description>";
    const char *tail = "</description></item>\n<item><title>Last</title></item>\n"
                       "</channel></rss>\n";
    char *doc = malloc(strlen(head) + big + strlen(tail) + 1);

    strcpy(doc, head);
    memset(doc + strlen(head), 'x', big);
    strcpy(doc + strlen(head) + big, tail);
    CHECK_INT(run(write_temp_str(doc), s), READ_OK);
    CHECK_INT(s->narticles, 3);
    CHECK_STR(art(s, 1)->title, "Huge");
    CHECK(art(s, 1)->body && strlen(art(s, 1)->body) == (8u << 20));
    CHECK_STR(art(s, 2)->title, "Last");
    CHECK_INT(s->nwarnings, 0);
    free(doc);
}

/* Over 16 MiB: the first 16 MiB are read, with a warning. */
static void test_size_bound(sink_t *s)
{
    const char *path = temp_name("");
    /* Stored, not compressed: 18 MiB of spaces compress over 200 times,
     * which indexer/input.c stops as a gzip bomb before the feed's bound. */
    gzFile gz = gzopen(path, "wb0");
    static char pad[1 << 20];
    const char *head = "<rss><channel><title>Long</title>\n<item><title>Early</title></item>\n";

    memset(pad, ' ', sizeof pad);
    gzputs(gz, head);
    for (int i = 0; i < 18; i++) {
        gzwrite(gz, pad, sizeof pad);
        gzputs(gz, "<pad/>\n");
    }
    gzputs(gz, "<item><title>Late</title></item></channel></rss>\n");
    gzclose(gz);
    CHECK_INT(run(path, s), READ_PARTIAL);
    CHECK_INT(s->narticles, 1);
    CHECK_STR(art(s, 0)->title, "Early");
    CHECK_WARN(s, 0, 0, 1, "larger than 16 MiB: only the items in the first 16 MiB are read");
}

/* ---- the real feeds -------------------------------------------------- */

static void test_real_feeds(sink_t *s)
{
    static const char *const feeds[] = {
        "rbren-rss-parser/guardian.rss", "rbren-rss-parser/heise.atom",
        "rbren-rss-parser/encoding.rss", "rbren-rss-parser/uolNoticias.rss",
        "node-feedparser/wapowellness.xml", "node-feedparser/tpm.atom",
        "node-feedparser/iconv.xml",
    };
    static const int counts[] = { 55, 15, 40, 15, 29, 20, 10 };
    char path[1400];
    struct stat sb;
    int total = 0;

    snprintf(path, sizeof path, "%s/../shared/corpora/rss-feeds", root);
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "test_feed: skip: %s not found\n", path);
        return;
    }
    for (int i = 0; i < 7; i++) {
        snprintf(path, sizeof path, "%s/../shared/corpora/rss-feeds/%s", root, feeds[i]);
        CHECK_INT(run(path, s), READ_OK);
        CHECK_INT(s->narticles, counts[i]);
        total += s->narticles;
        if (i == 3) {
            CHECK_INT(s->nwarnings, 1);  /* uolNoticias: Latin-1, undeclared */
            CHECK_STR(art(s, 0)->title, "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em "
                                        "simula\xC3\xA7\xC3\xB5\x65s de 2\xC2\xBA turno");
            CHECK_STR(art(s, 0)->date, "2018-09-24");
        } else {
            CHECK_INT(s->nwarnings, 0);
        }
        if (i == 6)
            CHECK_STR(art(s, 1)->title, "\xD0\xA7\xD0\x9E\xD0\x9F\xD0\xBE\xD0\xB2\xD1\x86\xD1\x8B "
                                        "\xD0\xB2 \xD0\x9E\xD1\x80\xD0\xB5\xD0\xBD\xD0\xB1\xD1\x83"
                                        "\xD1\x80\xD0\xB3\xD0\xB5 \xD0\xB8\xD0\xB7\xD0\xB1\xD0\xB8"
                                        "\xD0\xBB\xD0\xB8 \xD0\xBC\xD0\xBE\xD0\xBB\xD0\xBE\xD0\xB4"
                                        "\xD0\xBE\xD0\xB3\xD0\xBE \xD1\x87\xD0\xB5\xD0\xBB\xD0\xBE"
                                        "\xD0\xB2\xD0\xB5\xD0\xBA\xD0\xB0");
        if (i == 2)
            CHECK_STR(art(s, 0)->title, "M\xC3\xA3\x65 de utente \xC3\xA9 a nova presidente da "
                                        "Rar\xC3\xADssimas");
        if (i == 5)
            CHECK_STR(art(s, 0)->url, "http://talkingpointsmemo.com/livewire/"
                                      "hannity-announces-fox-hired-sebastian-gorka-national-"
                                      "security-strategist");
    }
    CHECK_INT(total, 184);
}

int main(void)
{
    sink_t *s = calloc(1, sizeof *s);
    const char *env = getenv("MORGUE_ROOT");

    if (env)
        snprintf(root, sizeof root, "%s", env);
    test_markup_blocks();
    test_markup_text();
    test_markup_dropped();
    test_markup_pre();
    test_markup_bad_input();
    test_sniff();
    test_rss2(s);
    test_atom(s);
    test_rdf(s);
    test_latin1_and_gzip(s);
    test_broken_fixtures(s);
    test_odd_encodings(s);
    test_odd_structure(s);
    test_entities(s);
    test_many_tags(s);
    test_enormous_text(s);
    test_size_bound(s);
    test_real_feeds(s);
    sink_free(s);
    free(s);
    temp_remove_all();
    return check_report();
}
