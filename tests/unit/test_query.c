/* test_query.c - the prepared query (lib/query_prep.c: whether a query is
 * plain words and which), the --rank names (morgue_rank_parse,
 * morgue_rank_name) and the binding's query composition (lib/xbind.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "query.h"
#include "morgue.h"
#include "xbind.h"

/* The words of query joined by '|', "-" when it is not plain. */
static const char *words(const char *query)
{
    static char out[256];
    char err[256];
    mg_prepared_t p;
    if (mg_query_prepare(query, &p, err, sizeof err) != MORGUE_OK)
        return "error";
    out[0] = '\0';
    if (!p.plain)
        strcpy(out, "-");
    for (size_t i = 0; i < p.nwords; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s%s", i ? "|" : "",
                 p.words[i].text, p.words[i].simple ? "" : "~");
    mg_prepared_free(&p);
    return out;
}

static void test_plain_words(void)
{
    CHECK_STR(words("Harbour  Strike"), "harbour|strike");
    CHECK_STR(words("o'neill U.S. at&t x-ray"), "o'neill~|u.s.~|at&t~|x-ray~");
    CHECK_STR(words(""), "");
    CHECK_STR(words("   "), "");
    CHECK_STR(words("harbour AND strike"), "-");
    CHECK_STR(words("\"harbour strike\""), "-");
    CHECK_STR(words("title:harbour"), "-");
    CHECK_STR(words("harb*"), "-");
    CHECK_STR(words("+harbour strike"), "-");
    CHECK_STR(words("-harbour strike"), "-");
    CHECK_STR(words("(harbour strike)"), "-");
    CHECK_STR(words("date:2024"), "-");
}

static void test_rank_names(void)
{
    unsigned bits = 99, named;
    size_t at = 99, len = 99;
    CHECK_INT(morgue_rank_parse("default", &bits, &at, &len), MORGUE_OK);
    CHECK_INT(bits, MORGUE_RANK_DEFAULT);
    CHECK_INT(morgue_rank_parse("bm25", &bits, NULL, NULL), MORGUE_OK);
    CHECK_INT(bits, MORGUE_RANK_BM25);
    CHECK_INT(morgue_rank_parse("default,-recent,proximity", &bits, NULL, NULL), MORGUE_OK);
    CHECK_INT(bits, (MORGUE_RANK_DEFAULT & ~MORGUE_RANK_RECENT) | MORGUE_RANK_PROXIMITY);
    CHECK_INT(morgue_rank_parse("tuned,stopwords,feedback,short,recent", &bits, NULL, NULL),
              MORGUE_OK);
    CHECK_INT(bits, MORGUE_RANK_DEFAULT);
    bits = 7;
    CHECK_INT(morgue_rank_parse("tuned,fast,recent", &bits, &at, &len), MORGUE_BAD_INPUT);
    CHECK_INT(bits, 7);
    CHECK_INT(at, 6);
    CHECK_INT(len, 4);
    CHECK_INT(morgue_rank_parse("", &bits, &at, &len), MORGUE_BAD_INPUT);
    CHECK_INT(len, 0);
    CHECK_INT(morgue_rank_parse("tuned,", &bits, &at, &len), MORGUE_BAD_INPUT);
    CHECK_INT(at, 6);
    /* The names, sets first, each feature's bit once. */
    CHECK_STR(morgue_rank_name(0, &named), "default");
    CHECK_INT(named, MORGUE_RANK_DEFAULT);
    CHECK_STR(morgue_rank_name(1, NULL), "bm25");
    unsigned all = 0;
    size_t i = 2;
    for (; morgue_rank_name(i, &named) != NULL; i++) {
        CHECK_INT(all & named, 0);
        CHECK(named != 0);
        all |= named;
    }
    CHECK_INT(i, 8);
    CHECK_INT(all & MORGUE_RANK_DEFAULT, MORGUE_RANK_DEFAULT);
}

static void test_compose(void)
{
    char err[XB_ERRLEN];
    xb_qb_t *qb = xb_qb_new();
    CHECK(qb != NULL);
    const xb_query_t *two[2] = { xb_q_term(qb, "harbour"), xb_q_term(qb, "strike") };
    const xb_query_t *near = xb_q_combine(qb, XB_OP_NEAR, two, 2, 8);
    const xb_query_t *pair[2] = { two[0], near };
    const xb_query_t *q = xb_q_combine(qb, XB_OP_AND_MAYBE, pair, 2, 0);
    CHECK_INT(xb_qb_status(qb, err), MORGUE_OK);
    CHECK_INT(xb_q_type(q), XB_OP_AND_MAYBE);
    CHECK_INT(xb_q_nsub(q), 2);
    CHECK_INT(xb_q_type(xb_q_sub(qb, q, 1)), XB_OP_NEAR);
    CHECK(xb_q_holds(q, XB_OP_NEAR));
    CHECK(!xb_q_holds(q, XB_OP_PHRASE));
    CHECK_INT(xb_q_type(xb_q_all(qb)), XB_OP_MATCH_ALL);
    CHECK(xb_q_empty(xb_q_nothing(qb)));
    CHECK_INT(xb_q_type(xb_q_value(qb, XB_OP_VALUE_GE, 0, "2024", NULL)), XB_OP_VALUE_GE);
    /* The error is sticky: a bad call fails, and so does every later one. */
    CHECK(xb_q_combine(qb, XB_OP_TERM, two, 2, 0) == NULL);
    CHECK_INT(xb_qb_status(qb, err), MORGUE_BAD_INPUT);
    CHECK(xb_q_term(qb, "harbour") == NULL);
    xb_qb_free(qb);
    xb_qb_free(NULL);
}

int main(void)
{
    test_plain_words();
    test_rank_names();
    test_compose();
    return check_report();
}
