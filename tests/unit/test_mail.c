/* test_mail.c - unit tests of indexer/parse/mime.c (header fields and folding,
 * RFC 2047 encoded-words in several charsets, quoted-printable, base64,
 * charsets, Content-Type parameters, multipart walks: nested alternative
 * inside mixed, attachments, a missing final boundary, deep nesting) and
 * of reader_mail in indexer/readers/mail.c (sniffing, From parsing, the
 * fixtures of corpus/mail, mbox splitting, folder groups, warnings).
 * Run from the project root (or set MORGUE_ROOT); the 20 Newsgroups
 * checks are skipped when ../shared/corpora is absent. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "input.h"
#include "parse/mime.h"
#include "reader.h"
#include "sink.h"

/* ---- the sink (tests/unit/sink.h) --------------------------------- */

static reader_result_t run(const char *path, sink_t *s)
{
    return sink_run(&reader_mail, path, s, NULL, 0);
}

/* "field=value" of every tag, joined by "|". */
static const char *tags_of(const sink_article_t *k)
{
    static char out[1024];

    out[0] = '\0';
    for (size_t i = 0; i < sink_ntags(k); i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s",
                 i ? "|" : "", sink_tag(k, i));
    return out;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        return;
    }
    fputs(text, f);
    fclose(f);
}

/* ---- headers ------------------------------------------------------- */

static void test_headers(void)
{
    const char *msg = " stray!continuation!of!a!cut!path\r\n"
                      "From: a@example.org\r\n"
                      "Subject: a folded\r\n"
                      "\tsubject line\r\n"
                      "X-Empty:\r\n"
                      "\r\n"
                      "Body: not a header\r\n";
    size_t body, head = mime_header_split(msg, strlen(msg), &body);
    char *v = NULL;

    CHECK_INT(head, strstr(msg, "\r\n\r\n") + 2 - msg);
    CHECK_STR(msg + body, "Body: not a header\r\n");
    CHECK_INT(mime_header_get(msg, head, "SUBJECT", &v), 1);
    CHECK_STR(v, "a folded\tsubject line");
    free(v);
    CHECK_INT(mime_header_get(msg, head, "x-empty", &v), 1);
    CHECK_STR(v, "");
    free(v);
    CHECK_INT(mime_header_get(msg, head, "Body", &v), 0);
    CHECK_INT(mime_header_get(msg, head, "From", &v), 1);
    CHECK_STR(v, "a@example.org");
    free(v);

    /* No blank line: the header block ends at the first non-field line. */
    msg = "From: b@example.org\nSubject: x\nThis is the body.\n";
    head = mime_header_split(msg, strlen(msg), &body);
    CHECK_STR(msg + body, "This is the body.\n");
    CHECK_INT(head, body);

    CHECK_INT(mime_field_name_len("Message-ID: <x>", 15), 10);
    CHECK_INT(mime_field_name_len("From sender date", 16), 0);
    CHECK_INT(mime_field_name_len(": no name", 9), 0);
    CHECK_INT(mime_field_name_len("Two words: no", 13), 0);
}

static void check_header(const char *raw, const char *want, unsigned flags)
{
    mime_notes_t notes;
    char *got;

    memset(&notes, 0, sizeof notes);
    got = mime_decode_header(raw, strlen(raw), &notes);
    CHECK_STR(got, want);
    CHECK_INT(notes.flags, flags);
    free(got);
}

static void test_encoded_words(void)
{
    check_header("=?UTF-8?B?Q2Fmw6k=?=", "Café", 0);
    check_header("=?utf-8?q?Caf=C3=A9_cr=C3=A8me?=", "Café crème", 0);
    check_header("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème", 0);
    check_header("=?KOI8-R?B?7s/Xz9PUySDQz9LUwQ==?=", "Новости порта", 0);
    check_header("=?KOI8-R?Q?=EE=CF=D7=CF=D3=D4=C9_=D0=CF=D2=D4=C1?=",
                 "Новости порта", 0);
    check_header("=?ISO-2022-JP?B?GyRCOUEkTiVLJWUhPCU5GyhC?=", "港のニュース", 0);
    check_header("=?windows-1251?B?z/Do8fLg7fw=?=", "Пристань", 0);
    check_header("=?iso-8859-2?Q?=A3=F3d=BC_i_Gda=F1sk?=", "Łódź i Gdańsk", 0);
    check_header("=?gb2312?B?uNu/2tDCzsU=?=", "港口新闻", 0);
    check_header("=?utf-8*en?Q?language_tag?=", "language tag", 0);
    /* White space between adjacent words goes; around plain text stays. */
    check_header("Re: =?utf-8?Q?Jos=C3=A9?= =?utf-8?Q?_P=C3=A9rez?= wins",
                 "Re: José Pérez wins", 0);
    check_header("=?utf-8?Q?a?=\r\n =?iso-8859-1?Q?=E9?=", "aé", 0);
    /* A character split between two words survives. */
    check_header("=?UTF-8?B?w5xuww==?= =?UTF-8?B?r2PDtmTDqSDimIM=?=",
                 "Ünïcödé ☃", 0);
    /* Not encoded-words: kept as written. */
    check_header("=?utf-8?X?abc?=", "=?utf-8?X?abc?=", 0);
    check_header("=?utf-8?Q?open", "=?utf-8?Q?open", 0);
    check_header("price =? unknown", "price =? unknown", 0);
    /* Raw 8-bit text: UTF-8 kept, Latin-1 repaired. */
    check_header("Jon W\xc3\xa4tte", "Jon Wätte", 0);
    check_header("Jon W\xe4tte", "Jon Wätte", MIME_NOTE_BAD_UTF8);
    /* Unknown charsets: read as UTF-8 or Windows-1252. */
    check_header("=?x-unheard-of?Q?caf=E9?=", "café", MIME_NOTE_UNKNOWN_CHARSET);
    check_header("=?x-unheard-of?Q?plain?=", "plain", 0);
    check_header("  folded \r\n\t value  ", "folded value", 0);
}

/* ---- transfer encodings and charsets ------------------------------- */

static void test_qp(void)
{
    size_t n;
    char *s;
    const char *in = "Caf=C3=A9 au =\nlait=20\nsoft =\r\nbreak   \n"
                     "a=zz b=4 c=\nend=";

    s = mime_decode_qp(in, strlen(in), &n);
    CHECK_STR(s, "Café au lait \nsoft break\na=zz b=4 cend");
    CHECK_INT(n, strlen("Café au lait \nsoft break\na=zz b=4 cend"));
    free(s);
    s = mime_decode_qp("=3D=3d\n", 7, &n);
    CHECK_STR(s, "==\n");
    free(s);
    s = mime_decode_qp("", 0, &n);
    CHECK_STR(s, "");
    CHECK_INT(n, 0);
    free(s);
}

static void test_base64(void)
{
    size_t n;
    int bad = 0;
    char *s;

    s = mime_decode_base64("SGVsbG8s\r\nIHdvcmxk\nIQ==\n", 23, &n, &bad);
    CHECK_STR(s, "Hello, world!");
    CHECK_INT(n, 13);
    CHECK_INT(bad, 0);
    free(s);
    s = mime_decode_base64("QQ", 2, &n, &bad);
    CHECK_STR(s, "A");
    CHECK_INT(bad, 0);
    free(s);
    s = mime_decode_base64("QQ==QkM=", 8, &n, &bad);
    CHECK_STR(s, "ABC");
    free(s);
    s = mime_decode_base64("SG*k!h", 6, &n, &bad);
    CHECK_STR(s, "Hi!");
    CHECK_INT(bad, 1);
    free(s);
    bad = 0;
    s = mime_decode_base64("QUJDR", 5, &n, &bad);
    CHECK_STR(s, "ABC");
    CHECK_INT(bad, 1);
    free(s);
}

static void check_utf8(const char *bytes, const char *charset, const char *want,
                       unsigned flags)
{
    mime_notes_t notes;
    size_t n;
    char *got;

    memset(&notes, 0, sizeof notes);
    got = mime_to_utf8(bytes, strlen(bytes), charset, &n, &notes);
    CHECK_STR(got, want);
    CHECK_INT(notes.flags, flags);
    free(got);
}

static void test_charsets(void)
{
    mime_notes_t notes;
    size_t n;
    char *s;

    check_utf8("caf\xe9", "iso-8859-1", "café", 0);
    check_utf8("caf\xe9 \x93quoted\x94", "ISO-8859-1", "café \u201cquoted\u201d", 0);
    check_utf8("caf\xe9", "\"latin1\"", "café", 0);
    check_utf8("caf\xe9", NULL, "café", MIME_NOTE_BAD_UTF8);
    check_utf8("caf\xe9", "us-ascii", "café", MIME_NOTE_BAD_UTF8);
    check_utf8("caf\xc3\xa9", NULL, "café", 0);
    /* Re-encoded to UTF-8 without the label changed: UTF-8 wins. */
    check_utf8("caf\xc3\xa9", "iso-8859-1", "café", 0);
    check_utf8("caf\xe9", "utf-8", "café", MIME_NOTE_BAD_CHARSET);
    check_utf8("\xcf\xf0\xe8\xf1\xf2\xe0\xed\xfc", "windows-1251", "Пристань", 0);
    check_utf8("caf\xe9", "x-no-such-charset", "café", MIME_NOTE_UNKNOWN_CHARSET);
    check_utf8("plain ascii", "x-no-such-charset", "plain ascii", 0);
    check_utf8("tab\tand\nline, bell\x07 dropped", NULL,
               "tab\tand\nline, bell dropped", 0);
    /* Invalid bytes inside a multi-byte charset are repaired one by one. */
    check_utf8("\x8d\x60 \xff", "shift_jis", "港 ÿ", MIME_NOTE_BAD_CHARSET);
    /* UTF-16 is ASCII-looking but not ASCII. */
    memset(&notes, 0, sizeof notes);
    s = mime_to_utf8("h\0i\0", 4, "utf-16le", &n, &notes);
    CHECK_STR(s, "hi");
    free(s);
    memset(&notes, 0, sizeof notes);
    s = mime_to_utf8("caf\xe9", 4, "nope", &n, &notes);
    CHECK_STR(notes.charset, "nope");
    free(s);
}

static void test_params(void)
{
    char type[64], *v = NULL;

    mime_content_type("Multipart/Alternative; boundary=\"a b;c\"", type, sizeof type);
    CHECK_STR(type, "multipart/alternative");
    mime_content_type(NULL, type, sizeof type);
    CHECK_STR(type, "text/plain");
    mime_content_type("text", type, sizeof type);
    CHECK_STR(type, "text/plain");
    mime_content_type("  TEXT/HTML ;charset=utf-8", type, sizeof type);
    CHECK_STR(type, "text/html");
    CHECK_INT(mime_param("multipart/mixed; boundary=\"a b;c\"; x=y", "BOUNDARY", &v), 1);
    CHECK_STR(v, "a b;c");
    free(v);
    CHECK_INT(mime_param("text/plain; format=flowed; charset=ISO-8859-1 (comment)",
                         "charset", &v), 1);
    CHECK_STR(v, "ISO-8859-1");
    free(v);
    CHECK_INT(mime_param("text/plain; title*=utf-8'en'caf%C3%A9%20menu", "title", &v), 1);
    CHECK_STR(v, "café menu");
    free(v);
    CHECK_INT(mime_param("text/plain; xcharset=utf-8", "charset", &v), 0);
    CHECK_INT(mime_param("text/plain", "charset", &v), 0);
    CHECK_INT(mime_param("text/plain; \"q\\\"x\"", "charset", &v), 0);
}

/* ---- the MIME tree ------------------------------------------------- */

/* Walk msg and return its texts joined as "P:text" / "H:text" with "|". */
static const char *walk(const char *msg, mime_notes_t *notes)
{
    static char out[2048];
    mime_texts_t t = {0};
    size_t body, head = mime_header_split(msg, strlen(msg), &body);

    memset(notes, 0, sizeof *notes);
    out[0] = '\0';
    if (mime_text_parts(msg, head, msg + body, strlen(msg) - body, &t, notes) < 0)
        return "(out of memory)";
    for (size_t i = 0; i < t.n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s:%s",
                 i ? "|" : "", t.items[i].html ? "H" : "P", t.items[i].text);
    mime_texts_free(&t);
    return out;
}

static void test_multipart(void)
{
    mime_notes_t notes;
    const char *nested =
        "Content-Type: multipart/mixed; boundary=outer\n\n"
        "preamble\n"
        "--outer\n"
        "Content-Type: multipart/alternative; boundary=\"inner\"\n\n"
        "--inner\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        "<p>html copy</p>\n"
        "--inner\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "plain caf=E9 =\nsoft\n"
        "--inner--\n"
        "--outer\n"
        "Content-Type: text/plain\n"
        "Content-Disposition: attachment; filename=notes.txt\n\n"
        "attached text\n"
        "--outer\n"
        "Content-Type: image/png\n"
        "Content-Transfer-Encoding: base64\n\n"
        "iVBORw0KGgo=\n"
        "--outer\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n"
        "Content-Disposition: inline\n\n"
        "c2Vjb25kIHRleHQ=\n"
        "--outer--\n"
        "epilogue\n";
    const char *html_only =
        "Content-Type: multipart/alternative; boundary=b\n\n"
        "--b\nContent-Type: text/html\n\n<b>only html</b>\n--b\n"
        "Content-Type: application/pdf\n\n%PDF\n--b--\n";
    const char *no_end =
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\n\nfirst part\n--b\nContent-Type: text/plain\n\nsecond part, cut";
    const char *no_boundary =
        "Content-Type: multipart/mixed\n\nno boundary at all\n";
    const char *absent =
        "Content-Type: multipart/mixed; boundary=zzz\n\nthe boundary never occurs\n";
    const char *padded =
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        "--b  \r\nContent-Type: text/plain\r\n\r\ncrlf part\r\n--b-- \r\n";
    const char *toplevel =
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Disposition: attachment\n\nread anyway\n";
    const char *binary = "Content-Type: application/octet-stream\n\nxx\n";
    const char *odd = "Content-Type: setext/plain; charset=ascii_827\n\nodd type\n";
    char deep[8192] = "Content-Type: multipart/mixed; boundary=d0\n\n";

    CHECK_STR(walk(nested, &notes), "P:plain café soft|P:second text");
    CHECK_INT(notes.flags, 0);
    CHECK_STR(walk(html_only, &notes), "H:<b>only html</b>");
    CHECK_STR(walk(no_end, &notes), "P:first part|P:second part, cut");
    CHECK_INT(notes.flags, MIME_NOTE_NO_END_BOUNDARY);
    CHECK_STR(walk(no_boundary, &notes), "P:no boundary at all\n");
    CHECK_INT(notes.flags, MIME_NOTE_NO_BOUNDARY);
    CHECK_STR(walk(absent, &notes), "P:the boundary never occurs\n");
    CHECK_INT(notes.flags, MIME_NOTE_NO_BOUNDARY);
    CHECK_STR(walk(padded, &notes), "P:crlf part");
    CHECK_INT(notes.flags, 0);
    CHECK_STR(walk(toplevel, &notes), "P:read anyway\n");
    CHECK_STR(walk(binary, &notes), "");
    CHECK_STR(walk(odd, &notes), "P:odd type\n");

    for (int i = 0; i < 30; i++)
        snprintf(deep + strlen(deep), sizeof deep - strlen(deep),
                 "--d%d\nContent-Type: multipart/mixed; boundary=d%d\n\n", i, i + 1);
    snprintf(deep + strlen(deep), sizeof deep - strlen(deep),
             "--d30\n\ntoo deep\n--d30--\n");
    CHECK_STR(walk(deep, &notes), "");
    CHECK_INT(notes.flags, MIME_NOTE_TOO_DEEP | MIME_NOTE_NO_END_BOUNDARY);
}

/* ---- the reader ---------------------------------------------------- */

static void test_sniff(void)
{
    const char *yes[] = {
        "From: a@example.org\nSubject: hello\n\nbody\n",
        " cut!path!continued\nSubject: Re: x\nFrom: a@b (A)\nLines: 2\n\nbody\n",
        "From someone@example.org Mon Apr  8 10:15:00 2024\nFrom: x\n",
        "Newsgroups: rec.boats\nPath: a!b\nFrom: x\n\n",
        "Received: from x by y;\n Tue, 12 Mar 2024 08:00:05 +0000\nReturn-Path: <a@b>\nX-Long",
        NULL
    };
    const char *no[] = {
        " date 2024-09-03\nCaracas, Venezuela.- text\n",
        "Date: 2024-09-03\nTitle: Not mail\n\nbody\n",
        "Subject: only one field\n\nbody\n",
        "From: a\nSubject: b\nthis line is not a field\n\n",
        "{\"title\": \"json\"}\n",
        "<?xml version=\"1.0\"?>\n<rss>\n",
        "From the desk of the editor\nwe write.\n",
        "",
        NULL
    };
    for (int i = 0; yes[i]; i++)
        CHECK(reader_mail.sniff(yes[i], strlen(yes[i])));
    for (int i = 0; no[i]; i++)
        CHECK(!reader_mail.sniff(no[i], strlen(no[i])));
}

static void test_fixtures(void)
{
    sink_t s;
    sink_article_t *k;

    memset(&s, 0, sizeof s);

    /* multipart/mixed > alternative (QP plain + html), a text attachment
     * and a base64 PDF: the plain part only; CRLF line ends. */
    CHECK_INT(run("corpus/mail/port-bulletin.eml", &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    CHECK_INT(s.nwarnings, 0);
    k = &s.art[0];
    CHECK_STR(k->a.title, "Port bulletin: dredging resumes in the north basin (Bahía Norte)");
    CHECK_STR(k->a.author, "Inés Baños");
    CHECK_STR(k->a.date, "2024-03-12");
    CHECK_STR(k->a.source, "Harbour Authority bulletin");
    CHECK_STR(k->a.id, "msgid:bulletin-2024-11@harbour-authority.example");
    CHECK_INT(k->a.line, 0);
    CHECK_STR(tags_of(k), "keyword=dredging|keyword=north basin|keyword=shipping");
    CHECK_STR(k->a.body,
              "Dredging of the north basin resumes on Monday after the winter pause. "
              "Pilots should expect one-way traffic in the channel until the end of April. \n\n"
              "The harbour master asks skippers to keep clear of the dredger "
              "\"Marie-Thérèse\" and to listen on channel 12.");

    /* A Usenet post with Newsgroups, Path, an RFC 850 date: no extension. */
    CHECK_INT(run("corpus/mail/usenet-ferry", &s), READ_OK);
    CHECK_INT(s.narticles, 1);
    k = &s.art[0];
    CHECK_STR(k->a.title, "Re: Winter timetable for the island ferry");
    CHECK_STR(k->a.author, "Tomas Carver");
    CHECK_STR(k->a.date, "2024-02-14");
    CHECK_STR(k->a.source, "misc.transport.ferries");
    CHECK_STR(k->a.id, "msgid:1992@ferries.example.org");
    CHECK_STR(tags_of(k), "group=misc.transport.ferries|group=rec.boats|"
              "keyword=timetable|keyword=winter service");

    /* No Newsgroups: the folder named like a group gives source and tag. */
    CHECK_INT(run("corpus/mail/rec.boats/5530", &s), READ_OK);
    k = &s.art[0];
    CHECK_STR(k->a.title, "Mooring fees at the marina double from June");
    CHECK_STR(k->a.author, "Gwen Ashby");
    CHECK_STR(k->a.date, NULL);
    CHECK_STR(k->a.source, "rec.boats");
    CHECK_STR(tags_of(k), "group=rec.boats");
    CHECK_STR(k->a.id, NULL);

    /* mbox: three messages, the second without a header. */
    CHECK_INT(run("corpus/mail/readers-letters.mbox", &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_INT(s.nwarnings, 1);
    CHECK_WARN(&s, 0, 12, 1, "no mail header after the \"From \" line");
    CHECK_INT(s.art[0].a.line, 1);
    CHECK_STR(s.art[0].a.title, "Letter: the tram line should reach the hospital");
    CHECK_STR(s.art[0].a.body,
              "The council's plan stops the new tram line two kilometres short of the\n"
              "hospital.\n"
              "From my window I watch ambulances wait at the level crossing.\n"
              ">From the archive: this line keeps one quote mark.");
    CHECK_INT(s.art[1].a.line, 16);
    CHECK_STR(s.art[1].a.author, "Ruiz, Carla");
    CHECK_STR(s.art[1].a.date, "2024-04-10"); /* from the "From " line */
    CHECK_STR(s.art[1].a.id, "msgid:letter-3@example.org");

    /* Latin-1 without any charset: repaired, with a warning. */
    CHECK_INT(run("corpus/mail/latin1-no-charset.eml", &s), READ_OK);
    k = &s.art[0];
    CHECK_STR(k->a.title, "Les pêcheurs de Sète élisent leur comité");
    CHECK_STR(k->a.author, "Hélène Marchand");
    CHECK_INT(s.nwarnings, 1);
    CHECK_WARN(&s, 0, 0, 0, "invalid UTF-8 decoded as Windows-1252");

    /* gzip mbox: declared Latin-1 in QP, and an HTML-only message. */
    CHECK_INT(run("corpus/mail/tram-digest.mbox.gz", &s), READ_OK);
    CHECK_INT(s.narticles, 2);
    CHECK_INT(s.nwarnings, 0);
    CHECK_STR(s.art[0].a.source, "tram-users.lists.example");
    CHECK_STR(s.art[0].a.body, "The night service trial on line 4 starts on 1 July. "
              "Trams will run every 30 minutes until 02:00, with a stop at the café district.");
    CHECK_STR(s.art[1].a.body, "New ticket machines take cards & phones.\n\n"
              "Old machines go on 5 July.");
    CHECK_INT(s.art[1].a.line, 14);

    /* Broken inputs. */
    CHECK_INT(run("corpus/mail/broken/truncated.mbox.gz", &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 3);
    CHECK_WARN(&s, 0, 0, 1, "truncated gzip stream after line 21");
    CHECK_STR(s.art[2].a.title, "Bridge repairs: third of three");
    CHECK_STR(s.art[2].a.body, "The repairs should end in September, the engineers say.\n"
              "Cyclists may still cross on the footway at walking pace.");

    CHECK_INT(run("corpus/mail/broken/no-end-boundary.eml", &s), READ_OK);
    CHECK_STR(s.art[0].a.body, "Crane 3 is out of service for its yearly inspection.\n\n"
              "The inspection report will follow next week");
    CHECK_WARN(&s, 0, 0, 0, "multipart without its closing boundary: the last part runs to the end");

    CHECK_INT(run("corpus/mail/broken/not-mail.eml", &s), READ_FAILED);
    CHECK_INT(s.narticles, 0);
    CHECK_WARN(&s, 0, 0, 1, "no mail header at the start");

    CHECK_INT(run("corpus/mail/broken/empty.mbox", &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "empty file");

    CHECK_INT(run("corpus/mail/broken/wrong-charset.eml", &s), READ_OK);
    CHECK_WARN(&s, 0, 0, 0, "bytes invalid in utf-8 decoded as Windows-1252");
    CHECK(strstr(s.art[0].a.body, "3 £ and the café") != NULL);

    CHECK_INT(run("corpus/mail/broken/no-subject.eml", &s), READ_OK);
    CHECK_STR(s.art[0].a.title, NULL);
    CHECK_STR(s.art[0].a.author, NULL);
    CHECK_STR(s.art[0].a.date, "2024-07-22");

    CHECK_INT(run("corpus/mail/broken/deep.eml", &s), READ_OK);
    CHECK_STR(s.art[0].a.body, "The outer text survives the nesting.");
    CHECK_WARN(&s, 0, 0, 0, "MIME parts nested deeper than 16 levels ignored");
    sink_free(&s);
}

/* Addresses, dates and groups from messages written here. */
static void test_fields(void)
{
    static const struct { const char *from, *want; } authors[] = {
        { "\"Doe, Jane\" <jane@example.org>", "Doe, Jane" },
        { "jane@example.org (Jane Doe)", "Jane Doe" },
        { "<jane@example.org>", "jane@example.org" },
        { "jane@example.org", "jane@example.org" },
        { "=?utf-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.org>", "José Pérez" },
        { "\"=?iso-8859-1?Q?Jos=E9?=\" <jose@example.org>", "José" },
        { "Jane (the editor) Doe <jane@example.org>", "Jane Doe" },
        { " ()", NULL },
        { NULL, NULL }
    };
    char dir[] = "/tmp/morgue-test-mail-XXXXXX", path[512], text[1024];
    sink_t s;

    memset(&s, 0, sizeof s);
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    snprintf(path, sizeof path, "%s/post.eml", dir);
    for (int i = 0; authors[i].from; i++) {
        snprintf(text, sizeof text, "From: %s\nSubject: s\n\nbody\n", authors[i].from);
        write_file(path, text);
        run(path, &s);
        CHECK_INT(s.narticles, 1);
        if (s.narticles == 1)
            CHECK_STR(s.art[0].a.author, authors[i].want);
    }
    /* Fallback dates, a bad date, List-Id forms, newsgroups with spaces. */
    write_file(path, "From: a\nSubject: s\nDate: someday soon\n"
               "X-XXDate: Thu, 15 Apr 93 17: 49:34 GMT\n"
               "List-Id: \"Quoted list\" <q.example.org>\n"
               "Newsgroups: comp.graphics, alt.test ,comp.graphics\n\nbody\n");
    CHECK_INT(run(path, &s), READ_OK);
    CHECK_STR(s.art[0].a.date, "1993-04-15");
    CHECK_STR(s.art[0].a.source, "comp.graphics");
    CHECK_STR(tags_of(&s.art[0]), "group=comp.graphics|group=alt.test");
    CHECK_INT(s.nwarnings, 0);
    write_file(path, "From: a\nSubject: s\nDate: someday soon\n"
               "List-Id: \"Quoted list\" <q.example.org>\n\nbody\n");
    CHECK_INT(run(path, &s), READ_OK);
    CHECK_STR(s.art[0].a.date, NULL);
    CHECK_STR(s.art[0].a.source, "Quoted list");
    CHECK_WARN(&s, 0, 0, 0, "unrecognised date \"someday soon\", indexed without one");
    /* Neither subject nor text: skipped. */
    write_file(path, "From: a\nMessage-ID: <x@y>\n\n\n");
    CHECK_INT(run(path, &s), READ_FAILED);
    CHECK_WARN(&s, 0, 0, 1, "no subject and no text");
    unlink(path);

    /* Folder names: only newsgroup-like ones count. */
    static const struct { const char *folder, *want; } folders[] = {
        { "comp.os.ms-windows.misc", "comp.os.ms-windows.misc" },
        { "comp.lang.c", "comp.lang.c" },
        { "alt.3d", "alt.3d" },
        { "Mail.Archive", NULL },
        { "inbox", NULL },
        { "v2.0", NULL },
        { "comp..graphics", NULL },
        { "comp.", NULL },
        { NULL, NULL }
    };
    for (int i = 0; folders[i].folder; i++) {
        char sub[300];
        snprintf(sub, sizeof sub, "%s/%s", dir, folders[i].folder);
        mkdir(sub, 0700);
        snprintf(path, sizeof path, "%s/1", sub);
        write_file(path, "From: a\nSubject: s\n\nbody\n");
        run(path, &s);
        CHECK_STR(s.art[0].a.source, folders[i].want);
        unlink(path);
        rmdir(sub);
    }
    rmdir(dir);
    sink_free(&s);
}

/* An mbox whose separators are "From " lines after a blank line only. */
static void test_mbox_split(void)
{
    char path[] = "/tmp/morgue-test-mbox-XXXXXX";
    int fd = mkstemp(path);
    sink_t s;

    memset(&s, 0, sizeof s);
    if (fd < 0) {
        CHECK(0);
        return;
    }
    close(fd);
    write_file(path,
               "From a Mon Apr  8 10:15:00 2024\n"
               "From: a\nSubject: one\nMessage-ID: <same@x>\n\n"
               "Text first.\n"
               "From here, a line inside a paragraph stays.\n"
               "\n"
               "From b Mon Apr  8 10:16:00 2024\n"
               "Subject: two\nMessage-ID: <same@x>\n\nsecond\n"
               "\n"
               "From c Mon Apr  8 10:17:00 2024\n");
    CHECK_INT(run(path, &s), READ_PARTIAL);
    CHECK_INT(s.narticles, 2);
    CHECK_STR(s.art[0].a.body, "Text first.\nFrom here, a line inside a paragraph stays.");
    CHECK_STR(s.art[1].a.title, "two");
    CHECK_INT(s.art[1].a.line, 9);
    CHECK_STR(s.art[1].a.date, "2024-04-08");
    CHECK_WARN(&s, 0, 15, 1, "no mail header after the \"From \" line");
    unlink(path);
    sink_free(&s);
}

/* The real 20 Newsgroups corpus: every post is mail, read cleanly. */
static void test_newsgroups(void)
{
    const char *root = "../shared/corpora/20newsgroups/20news-bydate-train";
    char path[512];
    sink_t s;
    struct stat sb;

    if (stat(root, &sb) != 0) {
        fprintf(stderr, "test_mail: skip: %s not found\n", root);
        return;
    }
    memset(&s, 0, sizeof s);
    snprintf(path, sizeof path, "%s/alt.atheism/51157", root);
    CHECK_INT(run(path, &s), READ_OK);
    CHECK_STR(s.art[0].a.title, "Re: Radical Agnostic... NOT!");
    CHECK_STR(s.art[0].a.author, "E. H. Welbon");
    CHECK_STR(s.art[0].a.source, "alt.atheism");
    CHECK_STR(tags_of(&s.art[0]), "group=alt.atheism");
    snprintf(path, sizeof path, "%s/comp.sys.mac.hardware/51916", root);
    CHECK_INT(run(path, &s), READ_OK);
    CHECK_STR(s.art[0].a.author, "Jon Wätte");
    CHECK_INT(s.nwarnings, 0);
    sink_free(&s);
}

int main(void)
{
    const char *root = getenv("MORGUE_ROOT");

    if (root && chdir(root) != 0) {
        fprintf(stderr, "cannot chdir to %s\n", root);
        return 2;
    }
    test_headers();
    test_encoded_words();
    test_qp();
    test_base64();
    test_charsets();
    test_params();
    test_multipart();
    test_sniff();
    test_fixtures();
    test_fields();
    test_mbox_split();
    test_newsgroups();
    return check_report();
}
