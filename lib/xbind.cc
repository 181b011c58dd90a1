/* xbind.cc - the one C++ file of morgue: libxapian behind the plain C
 * functions of lib/xbind.h. Called by lib/db.c and lib/search.c only.
 * Every entry point runs its body inside guard(), which catches every
 * exception and maps it to a morgue_status_t and a message: no exception
 * crosses into C. */
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "xbind.h"

struct xb_db {
    Xapian::Database *db;             /* the database searched; == wdb when writable */
    Xapian::WritableDatabase *wdb;    /* NULL when read-only */
};

struct xb_doc {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
};

struct xb_mset {
    uint64_t total;
    std::vector<double> weights;
    std::vector<std::string> data;
    std::vector<std::string> terms;
};

struct xb_stem {
    Xapian::Stem stem;
};

static void set_err(char *err, const std::string &msg)
{
    if (err == NULL)
        return;
    snprintf(err, XB_ERRLEN, "%s", msg.c_str());
}

static std::string describe(const Xapian::Error &e)
{
    std::string msg = e.get_msg();
    const char *ctx = e.get_error_string();
    if (ctx != NULL && *ctx != '\0')
        msg += std::string(" (") + ctx + ")";
    return msg;
}

/* Run body, turning any exception into a status and a message. */
static morgue_status_t guard(char *err, const std::function<morgue_status_t()> &body)
{
    try {
        return body();
    } catch (const Xapian::DatabaseLockError &e) {
        set_err(err, "index is locked by another writer: " + describe(e));
        return MORGUE_INDEX_LOCKED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_err(err, "index is damaged: " + describe(e));
        return MORGUE_INDEX_CORRUPT;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_err(err, "index was modified while being read: " + describe(e));
        return MORGUE_INDEX_MODIFIED;
    } catch (const Xapian::DatabaseVersionError &e) {
        set_err(err, "index format is not supported: " + describe(e));
        return MORGUE_INDEX_VERSION;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        set_err(err, "no index there: " + describe(e));
        return MORGUE_NO_INDEX;
    } catch (const Xapian::DatabaseOpeningError &e) {
        set_err(err, "cannot open the index: " + describe(e));
        return MORGUE_INDEX_CORRUPT;
    } catch (const Xapian::DatabaseCreateError &e) {
        set_err(err, "cannot create the index: " + describe(e));
        return MORGUE_IO_ERROR;
    } catch (const Xapian::QueryParserError &e) {
        set_err(err, describe(e));
        return MORGUE_QUERY_SYNTAX;
    } catch (const Xapian::WildcardError &e) {
        set_err(err, "wildcard matches too many words: " + describe(e));
        return MORGUE_QUERY_SYNTAX;
    } catch (const Xapian::DocNotFoundError &e) {
        set_err(err, describe(e));
        return MORGUE_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_err(err, describe(e));
        return MORGUE_BAD_INPUT;
    } catch (const Xapian::DatabaseError &e) {
        set_err(err, "index read or write failed: " + describe(e));
        return MORGUE_IO_ERROR;
    } catch (const Xapian::Error &e) {
        set_err(err, std::string(e.get_type()) + ": " + describe(e));
        return MORGUE_ENGINE_ERROR;
    } catch (const std::bad_alloc &) {
        set_err(err, "out of memory");
        return MORGUE_NO_MEMORY;
    } catch (const std::exception &e) {
        set_err(err, e.what());
        return MORGUE_ENGINE_ERROR;
    } catch (...) {
        set_err(err, "unknown failure in the search engine");
        return MORGUE_ENGINE_ERROR;
    }
}

static char *copy_out(const std::string &s, size_t *len)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (p == NULL)
        throw std::bad_alloc();
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    if (len != NULL)
        *len = s.size();
    return p;
}

static morgue_status_t need_writable(const xb_db_t *db, char *err)
{
    if (db->wdb == NULL) {
        set_err(err, "index is open read-only");
        return MORGUE_INVALID_ARGUMENT;
    }
    return MORGUE_OK;
}

extern "C" {

morgue_status_t xb_open_write(const char *path, xb_db_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_db> h(new xb_db());
        h->wdb = new Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
        h->db = h->wdb;
        *out = h.release();
        return MORGUE_OK;
    });
}

morgue_status_t xb_open_read(const char *const *paths, size_t n, xb_db_t **out,
                             char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<Xapian::Database> all(new Xapian::Database());
        for (size_t i = 0; i < n; i++)
            all->add_database(Xapian::Database(paths[i]));
        xb_db *h = new xb_db();
        h->db = all.release();
        h->wdb = NULL;
        *out = h;
        return MORGUE_OK;
    });
}

void xb_close(xb_db_t *db)
{
    if (db == NULL)
        return;
    try {
        if (db->wdb != NULL) {
            try {
                db->wdb->close();
            } catch (...) {
            }
        }
        delete db->db;
    } catch (...) {
    }
    delete db;
}

morgue_status_t xb_commit(xb_db_t *db, char *err)
{
    return guard(err, [&]() {
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->commit();
        return MORGUE_OK;
    });
}

morgue_status_t xb_reopen(xb_db_t *db, char *err)
{
    return guard(err, [&]() {
        db->db->reopen();
        return MORGUE_OK;
    });
}

morgue_status_t xb_doccount(xb_db_t *db, uint64_t *count, char *err)
{
    return guard(err, [&]() {
        *count = db->db->get_doccount();
        return MORGUE_OK;
    });
}

morgue_status_t xb_metadata_get(xb_db_t *db, const char *key, char **value,
                                size_t *len, char *err)
{
    *value = NULL;
    return guard(err, [&]() {
        std::string v = db->db->get_metadata(key);
        if (!v.empty())
            *value = copy_out(v, len);
        else if (len != NULL)
            *len = 0;
        return MORGUE_OK;
    });
}

morgue_status_t xb_metadata_set(xb_db_t *db, const char *key,
                                const char *value, size_t len, char *err)
{
    return guard(err, [&]() {
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->set_metadata(key, std::string(value != NULL ? value : "", len));
        return MORGUE_OK;
    });
}

morgue_status_t xb_metadata_keys(xb_db_t *db, const char *prefix,
                                 int (*cb)(void *ctx, const char *key),
                                 void *ctx, char *err)
{
    return guard(err, [&]() {
        /* Copy the keys first: cb may change metadata. */
        std::vector<std::string> keys;
        for (Xapian::TermIterator it = db->db->metadata_keys_begin(prefix);
             it != db->db->metadata_keys_end(prefix); ++it)
            keys.push_back(*it);
        for (const std::string &k : keys)
            if (cb(ctx, k.c_str()) != 0)
                break;
        return MORGUE_OK;
    });
}

morgue_status_t xb_term_docs(xb_db_t *db, const char *term,
                             int (*cb)(void *ctx, unsigned docid), void *ctx,
                             char *err)
{
    return guard(err, [&]() {
        std::vector<Xapian::docid> ids;
        for (Xapian::PostingIterator it = db->db->postlist_begin(term);
             it != db->db->postlist_end(term); ++it)
            ids.push_back(*it);
        for (Xapian::docid id : ids)
            if (cb(ctx, id) != 0)
                break;
        return MORGUE_OK;
    });
}

morgue_status_t xb_doc_value(xb_db_t *db, unsigned docid, unsigned slot,
                             char **value, size_t *len, char *err)
{
    *value = NULL;
    return guard(err, [&]() {
        Xapian::Document d = db->db->get_document(docid);
        *value = copy_out(d.get_value(slot), len);
        return MORGUE_OK;
    });
}

morgue_status_t xb_doc_data(xb_db_t *db, unsigned docid, char **data,
                            size_t *len, char *err)
{
    *data = NULL;
    return guard(err, [&]() {
        Xapian::Document d = db->db->get_document(docid);
        *data = copy_out(d.get_data(), len);
        return MORGUE_OK;
    });
}

morgue_status_t xb_delete(xb_db_t *db, unsigned docid, char *err)
{
    return guard(err, [&]() {
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->delete_document(docid);
        return MORGUE_OK;
    });
}

morgue_status_t xb_replace(xb_db_t *db, const char *idterm, xb_doc_t *doc,
                           char *err)
{
    return guard(err, [&]() {
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->replace_document(idterm, doc->doc);
        return MORGUE_OK;
    });
}

morgue_status_t xb_doc_new(const char *language, xb_doc_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_doc> d(new xb_doc());
        d->gen.set_stemmer(Xapian::Stem(language));
        d->gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        d->gen.set_document(d->doc);
        *out = d.release();
        return MORGUE_OK;
    });
}

void xb_doc_free(xb_doc_t *doc)
{
    delete doc;
}

morgue_status_t xb_doc_text(xb_doc_t *doc, const char *text, size_t len,
                            unsigned wdf_inc, const char *prefix, char *err)
{
    return guard(err, [&]() {
        doc->gen.index_text(Xapian::Utf8Iterator(text, len), wdf_inc,
                            prefix != NULL ? prefix : "");
        return MORGUE_OK;
    });
}

void xb_doc_gap(xb_doc_t *doc, unsigned positions)
{
    doc->gen.increase_termpos(positions);
}

morgue_status_t xb_doc_term(xb_doc_t *doc, const char *term, char *err)
{
    return guard(err, [&]() {
        doc->doc.add_boolean_term(term);
        return MORGUE_OK;
    });
}

morgue_status_t xb_doc_set_value(xb_doc_t *doc, unsigned slot,
                                 const char *value, size_t len, char *err)
{
    return guard(err, [&]() {
        doc->doc.add_value(slot, std::string(value, len));
        return MORGUE_OK;
    });
}

morgue_status_t xb_doc_set_data(xb_doc_t *doc, const char *data, size_t len,
                                char *err)
{
    return guard(err, [&]() {
        doc->doc.set_data(std::string(data, len));
        return MORGUE_OK;
    });
}

/* Parse spec->text with one stemmer. */
static Xapian::Query parse_one(const xb_db_t *db, const xb_query_spec_t *spec,
                               const char *language)
{
    Xapian::QueryParser qp;
    qp.set_database(*db->db);
    qp.set_stemmer(Xapian::Stem(language));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(spec->any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    for (size_t i = 0; i < spec->nfields; i++) {
        if (spec->fields[i].boolean)
            qp.add_boolean_prefix(spec->fields[i].name, spec->fields[i].prefix);
        else
            qp.add_prefix(spec->fields[i].name, spec->fields[i].prefix);
    }
    Xapian::DateRangeProcessor dates(spec->date_slot, spec->date_prefix);
    qp.add_rangeprocessor(&dates);
    qp.set_max_expansion(static_cast<Xapian::termcount>(spec->max_wildcard),
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    return qp.parse_query(spec->text, flags);
}

static Xapian::Query build_query(const xb_db_t *db, const xb_query_spec_t *spec)
{
    Xapian::Query q;
    bool blank = spec->text[strspn(spec->text, " \t\r\n")] == '\0';
    if (blank) {
        q = Xapian::Query::MatchAll;
    } else {
        /* One parse per stemmer, each for the documents stemmed that way,
         * so that NOT and -word hold whatever a document's language. */
        std::vector<Xapian::Query> parts;
        for (size_t i = 0; i < spec->nlanguages; i++) {
            Xapian::Query one = parse_one(db, spec, spec->languages[i]);
            if (spec->nlanguages > 1)
                one = Xapian::Query(Xapian::Query::OP_FILTER, one,
                                    Xapian::Query(std::string(spec->stemmer_prefix) +
                                                  spec->languages[i]));
            parts.push_back(one);
        }
        q = parts.size() == 1 ? parts[0]
                              : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }
    Xapian::Query range;
    if (spec->since != NULL && spec->until != NULL && strcmp(spec->since, spec->until) > 0)
        return Xapian::Query::MatchNothing;  /* Xapian would drop such a range */
    if (spec->since != NULL && spec->until != NULL)
        range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, spec->date_slot,
                              spec->since, spec->until);
    else if (spec->since != NULL)
        range = Xapian::Query(Xapian::Query::OP_VALUE_GE, spec->date_slot, spec->since);
    else if (spec->until != NULL)
        range = Xapian::Query(Xapian::Query::OP_VALUE_LE, spec->date_slot, spec->until);
    if (!range.empty())
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, range);
    return q;
}

morgue_status_t xb_search(xb_db_t *db, const xb_query_spec_t *spec,
                          xb_mset_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        Xapian::Query q = build_query(db, spec);
        Xapian::Enquire enq(*db->db);
        enq.set_query(q);
        if (spec->sort == 1)
            enq.set_sort_by_value_then_relevance(spec->sort_slot, true);
        else if (spec->sort == 2)
            enq.set_sort_by_value_then_relevance(spec->sort_slot, false);
        /* Counting every match makes the total exact, as promised. */
        Xapian::doccount all = db->db->get_doccount();
        Xapian::MSet ms = enq.get_mset(static_cast<Xapian::doccount>(spec->offset),
                                       static_cast<Xapian::doccount>(spec->limit),
                                       all);
        std::unique_ptr<xb_mset> m(new xb_mset());
        m->total = ms.get_matches_estimated();
        for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
            m->weights.push_back(it.get_weight());
            m->data.push_back(it.get_document().get_data());
        }
        for (Xapian::TermIterator t = q.get_unique_terms_begin();
             t != q.get_unique_terms_end(); ++t)
            m->terms.push_back(*t);
        *out = m.release();
        return MORGUE_OK;
    });
}

uint64_t xb_mset_total(const xb_mset_t *m) { return m->total; }
size_t xb_mset_size(const xb_mset_t *m) { return m->data.size(); }
double xb_mset_weight(const xb_mset_t *m, size_t i) { return m->weights[i]; }

const char *xb_mset_data(const xb_mset_t *m, size_t i, size_t *len)
{
    *len = m->data[i].size();
    return m->data[i].data();
}

size_t xb_mset_nterms(const xb_mset_t *m) { return m->terms.size(); }
const char *xb_mset_term(const xb_mset_t *m, size_t i) { return m->terms[i].c_str(); }

void xb_mset_free(xb_mset_t *m)
{
    delete m;
}

morgue_status_t xb_stem_new(const char *language, xb_stem_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<struct xb_stem> s(new struct xb_stem());
        s->stem = Xapian::Stem(language);
        *out = s.release();
        return MORGUE_OK;
    });
}

size_t xb_stem(xb_stem_t *stem, const char *word, size_t len, char *out,
               size_t outsize)
{
    try {
        std::string s = stem->stem(std::string(word, len));
        if (outsize > 0) {
            size_t n = s.size() < outsize - 1 ? s.size() : outsize - 1;
            memcpy(out, s.data(), n);
            out[n] = '\0';
        }
        return s.size();
    } catch (...) {
        if (outsize > 0)
            out[0] = '\0';
        return 0;
    }
}

void xb_stem_free(xb_stem_t *stem)
{
    delete stem;
}

int xb_language_name(const char *language, char *out, size_t outsize)
{
    try {
        /* The description is "Xapian::Stem(NAME)", or "Xapian::Stem()" for none. */
        std::string d = Xapian::Stem(language).get_description();
        size_t open = d.find('('), close = d.rfind(')');
        std::string name = (open != std::string::npos && close > open + 1)
                               ? d.substr(open + 1, close - open - 1) : "none";
        snprintf(out, outsize, "%s", name.c_str());
        return 1;
    } catch (...) {
        return 0;
    }
}

} /* extern "C" */
