/* xbind.cc - the one C++ file of morgue: libxapian behind the plain C
 * functions of lib/xbind.h. Called by lib/db.c and lib/search.c only.
 * Every entry point runs its body inside guard(), which catches every
 * exception and maps it to a morgue_status_t and a message: no exception
 * crosses into C. */
#include <xapian.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "xbind.h"

struct xb_db {
    Xapian::Database *db;             /* the database searched; == wdb when writable */
    Xapian::WritableDatabase *wdb;    /* NULL when read-only */
    /* Held by every call on the database: a shard's thread (lib/shards.c)
     * writes while the caller's thread may read it (recursive: a callback
     * of xb_term_docs may delete). */
    std::recursive_mutex mu;
};

/* Holds a database's lock for the life of one call. */
struct hold {
    std::lock_guard<std::recursive_mutex> lock;
    explicit hold(xb_db_t *db) : lock(db->mu) {}
};

/* A stemmer's table of remembered words: 8 MB of 32-byte slots. It
 * forgets them all when three quarters are full, which keeps the probes
 * short. A word or stem longer than a slot holds is stemmed afresh: in
 * the bench articles, 4 words in 10,000 are. */
#define STEM_CACHE_SLOTS (1 << 18)
#define STEM_CACHE_WORDS (STEM_CACHE_SLOTS / 4 * 3)
#define STEM_SLOT_BYTES 15

struct xb_doc {
    Xapian::Document doc;
    /* NULL once the text is done (xb_doc_done): the generator shares the
     * building thread's stemmer, which another thread must not touch. */
    std::unique_ptr<Xapian::TermGenerator> gen;
    bool positions;   /* free text keeps its word positions */
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

static morgue_status_t open_writable(const char *path, int flags, xb_db_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_db> h(new xb_db());
        h->wdb = new Xapian::WritableDatabase(path, flags);
        h->db = h->wdb;
        *out = h.release();
        return MORGUE_OK;
    });
}

morgue_status_t xb_open_write(const char *path, xb_db_t **out, char *err)
{
    return open_writable(path, Xapian::DB_CREATE_OR_OPEN, out, err);
}

morgue_status_t xb_open_scratch(const char *path, xb_db_t **out, char *err)
{
    return open_writable(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS,
                         out, err);
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
        hold h(db);
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->commit();
        return MORGUE_OK;
    });
}

morgue_status_t xb_hold_changes(xb_db_t *db, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->begin_transaction(false);   /* unflushed: nothing reaches disk */
        return MORGUE_OK;
    });
}

morgue_status_t xb_cancel(xb_db_t *db, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->cancel_transaction();
        return MORGUE_OK;
    });
}

morgue_status_t xb_compact(const char *const *srcs, size_t n, const char *dest,
                           char *err)
{
    return guard(err, [&]() {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dest, Xapian::Compactor::FULL);
        return MORGUE_OK;
    });
}

morgue_status_t xb_reopen(xb_db_t *db, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        db->db->reopen();
        return MORGUE_OK;
    });
}

morgue_status_t xb_doccount(xb_db_t *db, uint64_t *count, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        *count = db->db->get_doccount();
        return MORGUE_OK;
    });
}

morgue_status_t xb_metadata_get(xb_db_t *db, const char *key, char **value,
                                size_t *len, char *err)
{
    *value = NULL;
    return guard(err, [&]() {
        hold h(db);
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
        hold h(db);
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
        hold h(db);
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
        hold h(db);
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
        hold h(db);
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
        hold h(db);
        Xapian::Document d = db->db->get_document(docid);
        *data = copy_out(d.get_data(), len);
        return MORGUE_OK;
    });
}

morgue_status_t xb_delete(xb_db_t *db, unsigned docid, char *err)
{
    return guard(err, [&]() {
        hold h(db);
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
        hold h(db);
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        db->wdb->replace_document(idterm, doc->doc);
        return MORGUE_OK;
    });
}

/* A Snowball stemmer that remembers its answers: news text repeats its
 * words, and stemming each occurrence afresh was a sixth of indexing.
 * The answers live in one open-addressed table whose slots hold word and
 * stem inline, half a cache line each: a look-up hashes the word and reads
 * a line or two, where a map of strings chased pointers to scattered nodes. */
class remembering_stem : public Xapian::StemImplementation {
    struct slot {
        unsigned char wlen, slen;   /* wlen 0: the slot is empty */
        char word[STEM_SLOT_BYTES];
        char stem[STEM_SLOT_BYTES];
    };
    static_assert(sizeof(slot) == 32, "two slots to a cache line");
    Xapian::Stem real;
    void *mem = nullptr;     /* calloc'd at first use: untouched pages cost no memory */
    slot *table = nullptr;   /* mem rounded up to a slot: no slot straddles two lines */
    size_t used = 0;

    /* FNV-1a, folded: the table is indexed by the low bits. */
    static size_t place(const char *p, size_t n) {
        uint64_t h = 14695981039346656037ULL;
        for (size_t i = 0; i < n; i++)
            h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
        return (size_t)(h ^ h >> 32) & (STEM_CACHE_SLOTS - 1);
    }
  public:
    explicit remembering_stem(const std::string &language) : real(language) {}
    ~remembering_stem() override { free(mem); }
    remembering_stem(const remembering_stem &) = delete;
    remembering_stem &operator=(const remembering_stem &) = delete;
    std::string operator()(const std::string &word) override {
        size_t n = word.size();
        if (n == 0 || n > STEM_SLOT_BYTES)
            return real(word);
        if (table == nullptr) {
            mem = calloc(STEM_CACHE_SLOTS + 1, sizeof(slot));
            if (mem == nullptr)
                throw std::bad_alloc();
            table = (slot *)(((uintptr_t)mem + sizeof(slot) - 1) & ~(uintptr_t)(sizeof(slot) - 1));
        }
        size_t i = place(word.data(), n);
        for (; table[i].wlen != 0; i = (i + 1) & (STEM_CACHE_SLOTS - 1))
            if (table[i].wlen == n && memcmp(table[i].word, word.data(), n) == 0)
                return std::string(table[i].stem, table[i].slen);
        std::string stem = real(word);
        if (stem.size() > STEM_SLOT_BYTES)
            return stem;   /* a stem may outgrow its word: not remembered */
        if (used >= STEM_CACHE_WORDS) {
            /* a bound on memory; the common words return at once */
            memset(table, 0, STEM_CACHE_SLOTS * sizeof(slot));
            used = 0;
            i = place(word.data(), n);
        }
        table[i].wlen = (unsigned char)n;
        table[i].slen = (unsigned char)stem.size();
        memcpy(table[i].word, word.data(), n);
        memcpy(table[i].stem, stem.data(), stem.size());
        used++;
        return stem;
    }
    std::string get_description() const override { return real.get_description(); }
};

/* The remembering stemmer for language, one per thread (Xapian's reference
 * counts are not atomic: a stemmer must not be shared across threads). */
static Xapian::Stem stemmer_for(const char *language)
{
    thread_local std::unordered_map<std::string, Xapian::Stem> stemmers;
    auto it = stemmers.find(language);
    if (it != stemmers.end())
        return it->second;
    Xapian::Stem plain(language);   /* throws for an unknown language */
    Xapian::Stem s = plain.is_none() ? plain : Xapian::Stem(new remembering_stem(language));
    stemmers.emplace(language, s);
    return s;
}

/* The stem of every word a checked phrase does not need. */
#define PLACEHOLDER '\x01'

/* While a phrase is checked (positions_check), the stems its query needs,
 * sorted; NULL otherwise. */
static thread_local const std::vector<std::string> *only_stems;

/* A stemmer for the document a phrase is checked on: the stems the query
 * needs, and one placeholder for every other word, which keeps the
 * positions of the rest as they were while the document stays small. */
class only_stem : public Xapian::StemImplementation {
    Xapian::Stem real;
    const std::vector<std::string> *keep;
  public:
    only_stem(const Xapian::Stem &s, const std::vector<std::string> *k) : real(s), keep(k) {}
    std::string operator()(const std::string &word) override {
        std::string stem = real.is_none() ? word : real(word);
        return std::binary_search(keep->begin(), keep->end(), stem) ? stem
                                                                    : std::string(1, PLACEHOLDER);
    }
    std::string get_description() const override { return real.get_description(); }
};

morgue_status_t xb_doc_new(const char *language, int positions, xb_doc_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_doc> d(new xb_doc());
        d->gen.reset(new Xapian::TermGenerator());
        d->positions = positions != 0;
        /* Stems only (docs/schema.md: why). */
        Xapian::Stem stem = stemmer_for(language);
        if (only_stems != NULL)
            stem = Xapian::Stem(new only_stem(stem, only_stems));
        d->gen->set_stemmer(stem);
        d->gen->set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
        d->gen->set_document(d->doc);
        *out = d.release();
        return MORGUE_OK;
    });
}

void xb_doc_done(xb_doc_t *doc)
{
    doc->gen.reset();
}

void xb_doc_free(xb_doc_t *doc)
{
    delete doc;
}

morgue_status_t xb_doc_text(xb_doc_t *doc, const char *text, size_t len,
                            unsigned wdf_inc, const char *prefix, char *err)
{
    return guard(err, [&]() {
        Xapian::Utf8Iterator it(text, len);
        if (doc->positions)
            doc->gen->index_text(it, wdf_inc, prefix != NULL ? prefix : "");
        else
            doc->gen->index_text_without_positions(it, wdf_inc, prefix != NULL ? prefix : "");
        return MORGUE_OK;
    });
}

void xb_doc_gap(xb_doc_t *doc, unsigned positions)
{
    doc->gen->increase_termpos(positions);
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

/* Parse text with one stemmer, default operator OR when any, else AND,
 * leaving out the stopwords of stop (NULL: none). */
static Xapian::Query parse_one(const xb_db_t *db, const xb_query_spec_t *spec,
                               const char *text, bool any, const char *language,
                               const Xapian::Stopper *stop)
{
    Xapian::QueryParser qp;
    qp.set_database(*db->db);
    qp.set_stemmer(Xapian::Stem(language));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    qp.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    if (stop != NULL)
        qp.set_stopper(stop);
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
    return qp.parse_query(text, flags);
}

/* Parse text once per stemmer, each parse for the documents stemmed that
 * way, so that NOT and -word hold whatever a document's language. */
static Xapian::Query parse_all(const xb_db_t *db, const xb_query_spec_t *spec,
                               const char *text, bool any, const Xapian::Stopper *stop)
{
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < spec->nlanguages; i++) {
        Xapian::Query one = parse_one(db, spec, text, any, spec->languages[i], stop);
        if (spec->nlanguages > 1)
            one = Xapian::Query(Xapian::Query::OP_FILTER, one,
                                Xapian::Query(std::string(spec->stemmer_prefix) +
                                              spec->languages[i]));
        parts.push_back(one);
    }
    return parts.size() == 1 ? parts[0]
                             : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

static Xapian::Query build_query(const xb_db_t *db, const xb_query_spec_t *spec)
{
    Xapian::Query q;
    bool blank = spec->text[strspn(spec->text, " \t\r\n")] == '\0';
    if (blank) {
        q = Xapian::Query::MatchAll;
    } else {
        const xb_rank_t *r = &spec->rank;
        std::unique_ptr<Xapian::SimpleStopper> stop;
        if (r->nstopwords > 0)
            stop.reset(new Xapian::SimpleStopper(r->stopwords, r->stopwords + r->nstopwords));
        q = parse_all(db, spec, spec->text, spec->any != 0, stop.get());
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

/* q, with extra weight (never extra matches) from more. */
static Xapian::Query weigh_also(const Xapian::Query &q, std::vector<Xapian::Query> &more,
                                double scale)
{
    if (more.empty())
        return q;
    Xapian::Query extra(Xapian::Query::OP_OR, more.begin(), more.end());
    if (scale != 1.0)
        extra = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, extra, scale);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, extra);
}

/* Proximity: each two consecutive words of r->near within r->near_window. */
static Xapian::Query add_proximity(const Xapian::Query &q, const xb_rank_t *r)
{
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < r->nnear; i++) {
        if (strcmp(r->near[i], r->near[i + 1]) == 0)
            continue;
        Xapian::Query two[2] = { Xapian::Query(r->near[i]), Xapian::Query(r->near[i + 1]) };
        pairs.push_back(Xapian::Query(Xapian::Query::OP_NEAR, two, two + 2, r->near_window));
    }
    return weigh_also(q, pairs, r->near_scale);
}

/* Feedback terms: free-text stems (no upper-case field prefix) of two
 * bytes or more that the query does not have already. */
class feedback_terms : public Xapian::ExpandDecider {
    std::vector<std::string> have;
  public:
    explicit feedback_terms(const Xapian::Query &q) : have(q.get_unique_terms_begin(),
                                                           q.get_unique_terms_end()) {}
    bool operator()(const std::string &t) const override {
        if (t.size() < 2 || (t[0] >= 'A' && t[0] <= 'Z'))
            return false;
        return !std::binary_search(have.begin(), have.end(), t);
    }
};

/* Pseudo-relevance feedback: the best terms of the top hits of q. */
static Xapian::Query add_feedback(Xapian::Enquire &enq, const Xapian::Query &q,
                                  const xb_rank_t *r, const Xapian::MatchDecider *check)
{
    enq.set_query(q);
    Xapian::doccount enough = static_cast<Xapian::doccount>(r->fb_min_matches);
    Xapian::MSet top = enq.get_mset(0, static_cast<Xapian::doccount>(r->fb_docs), enough,
                                    NULL, check);
    if (top.empty() || top.get_matches_lower_bound() < enough)
        return q;  /* the top hits would be most of the matches: nothing to learn */
    Xapian::RSet rset;
    for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it)
        rset.add_document(*it);
    feedback_terms decider(q);
    Xapian::ESet eset = enq.get_eset(static_cast<Xapian::termcount>(r->fb_terms), rset,
                                     &decider);
    /* Each term weighs in proportion to its expand weight (as in Rocchio
     * and RM3), the best one fb_scale times a query word. */
    std::vector<Xapian::Query> terms;
    double best = eset.empty() ? 0 : eset.begin().get_weight();
    for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it)
        if (best > 0 && it.get_weight() > 0)
            terms.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                                          it.get_weight() / best));
    return weigh_also(q, terms, r->fb_scale);
}

/* Tiers: a match of each tier query adds more weight than q can give. */
static Xapian::Query add_tiers(const xb_db_t *db, const xb_query_spec_t *spec,
                               Xapian::Enquire &enq, const Xapian::Query &q)
{
    const xb_rank_t *r = &spec->rank;
    enq.set_query(q);
    double top = enq.get_mset(0, 0).get_max_possible();
    if (!(top > 1.0))
        top = 1.0;
    std::vector<Xapian::Query> tiers;
    for (size_t i = 0; i < r->ntiers; i++) {
        Xapian::Query fixed((new Xapian::FixedWeightPostingSource(top))->release());
        tiers.push_back(Xapian::Query(Xapian::Query::OP_FILTER, fixed,
                                      parse_all(db, spec, r->tiers[i], false, NULL)));
    }
    std::vector<Xapian::Query> all(1, q);
    all.insert(all.end(), tiers.begin(), tiers.end());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, all.begin(), all.end());
}

/* An Enquire on q that weighs nothing: for finding or counting matches. */
static Xapian::Enquire unweighed(const Xapian::Database &db, const Xapian::Query &q)
{
    Xapian::Enquire enq(db);
    enq.set_query(q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    return enq;
}

/* Whether q holds a subquery of type op. */
static bool has_op(const Xapian::Query &q, Xapian::Query::op op)
{
    if (q.get_type() == op)
        return true;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (has_op(q.get_subquery(i), op))
            return true;
    return false;
}

/* Whether q holds a phrase or NEAR: what needs word positions. */
static bool positional(const Xapian::Query &q)
{
    return has_op(q, Xapian::Query::OP_PHRASE) || has_op(q, Xapian::Query::OP_NEAR);
}

/* What to run on an index without positions, where Xapian takes a phrase
 * or NEAR for an AND: a query whose matches include (wider) or are
 * included in (!wider) those q has on a positional index. A phrase under
 * NOT must not exclude what it would not have excluded. */
static Xapian::Query bound(const Xapian::Query &q, bool wider)
{
    if (!positional(q))
        return q;
    Xapian::Query::op t = q.get_type();
    std::vector<Xapian::Query> sub;
    for (size_t i = 0; i < q.get_num_subqueries(); i++) {
        bool negated = t == Xapian::Query::OP_AND_NOT && i > 0;
        sub.push_back(bound(q.get_subquery(i), negated ? !wider : wider));
    }
    switch (t) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        return Xapian::Query(t, sub.begin(), sub.end());
    case Xapian::Query::OP_XOR:
        return wider ? Xapian::Query(Xapian::Query::OP_OR, sub.begin(), sub.end())
                     : Xapian::Query::MatchNothing;
    default:   /* a phrase or NEAR, or what holds one in a way not taken apart here */
        return wider ? q : Xapian::Query::MatchNothing;
    }
}

/* On an index without positions Xapian runs a phrase or NEAR as an AND.
 * This decider keeps the candidates that match the query as it was
 * written: each candidate's document is rebuilt from its stored article,
 * with positions, by the indexer's own code, and the query is run on it
 * alone in memory. Xapian's own matcher judges it, so the result is the
 * one a positional index would give. */
class positions_check : public Xapian::MatchDecider {
    const xb_query_spec_t *spec;
    mutable Xapian::WritableDatabase one;
    mutable Xapian::Enquire enq;
    std::vector<std::string> stems;   /* the query's, without field prefixes */
    bool all_words;                   /* a wildcard: any word may be needed */
    std::string stemmer_prefix;       /* of the term naming an article's stemmer */
    std::vector<Xapian::docid> sure;  /* sorted: match without their phrases */
  public:
    positions_check(const xb_query_spec_t *s, const Xapian::Query &q, const Xapian::Database &db)
        : spec(s), one(std::string(), Xapian::DB_BACKEND_INMEMORY), enq(one),
          all_words(has_op(q, Xapian::Query::OP_WILDCARD)),
          stemmer_prefix(s->stemmer_prefix != NULL ? s->stemmer_prefix : "") {
        enq.set_query(q);
        enq.set_weighting_scheme(Xapian::BoolWeight());
        /* A candidate that matches with its phrases taken as never matching
         * ("ferries OR \"edition two\"") needs no check. A decider is given a
         * shard's own docid, so this is done on a single index only. */
        Xapian::Query narrow = bound(q, false);
        if (db.size() == 1 && !narrow.empty()) {
            Xapian::MSet ms = unweighed(db, narrow).get_mset(0, db.get_doccount());
            for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
                sure.push_back(*it);
            std::sort(sure.begin(), sure.end());
        }
        for (Xapian::TermIterator t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
            size_t upper = 0;
            while (upper < (*t).size() && (*t)[upper] >= 'A' && (*t)[upper] <= 'Z')
                upper++;
            stems.push_back((*t).substr(upper));
        }
        std::sort(stems.begin(), stems.end());
    }
    bool operator()(const Xapian::Document &doc) const override {
        if (std::binary_search(sure.begin(), sure.end(), doc.get_docid()))
            return true;
        /* The stemmer the article was indexed with is named by its term. */
        std::string language;
        if (!stemmer_prefix.empty()) {
            Xapian::TermIterator t = doc.termlist_begin();
            t.skip_to(stemmer_prefix);
            if (t != doc.termlist_end() && (*t).compare(0, stemmer_prefix.size(), stemmer_prefix) == 0)
                language = (*t).substr(stemmer_prefix.size());
        }
        std::string data = doc.get_data();
        only_stems = all_words ? NULL : &stems;
        std::unique_ptr<xb_doc> again(spec->rebuild(spec->rebuild_ctx, data.data(),
                                                    data.size(),
                                                    language.empty() ? NULL : language.c_str()));
        only_stems = NULL;
        if (!again)
            return true;   /* unreadable: keep the hit, showing it reports the damage */
        /* Without the placeholders: Xapian's in-memory backend adds a
         * term's positions one by one, in time that grows as their square. */
        Xapian::Document small;
        for (Xapian::TermIterator t = again->doc.termlist_begin();
             t != again->doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (!term.empty() && term.back() == PLACEHOLDER)
                continue;
            if (t.positionlist_count() == 0)
                small.add_term(term, t.get_wdf());
            for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                small.add_posting(term, *p);
        }
        for (Xapian::ValueIterator v = again->doc.values_begin(); v != again->doc.values_end(); ++v)
            small.add_value(v.get_valueno(), *v);
        one.replace_document(1, small);
        return enq.get_mset(0, 1).size() > 0;
    }
};

morgue_status_t xb_search(xb_db_t *db, const xb_query_spec_t *spec,
                          xb_mset_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        hold h(db);
        const xb_rank_t *r = &spec->rank;
        Xapian::Query q = build_query(db, spec);
        Xapian::Query asked = q;   /* the user's words, for highlighting */
        std::unique_ptr<positions_check> check;
        if (spec->rebuild != NULL && positional(asked)) {
            check.reset(new positions_check(spec, asked, *db->db));
            q = bound(asked, true);
        }
        Xapian::Query matching = q;   /* q with no weight added: what matches */
        bool plain_order = true;      /* by BM25 alone, or by a value alone */
        Xapian::Enquire enq(*db->db);
        if (spec->sort == 1) {
            enq.set_sort_by_value_then_relevance(spec->sort_slot, true);
        } else if (spec->sort == 2) {
            enq.set_sort_by_value_then_relevance(spec->sort_slot, false);
        } else if (!asked.empty() && asked.get_type() != Xapian::Query::LEAF_MATCH_ALL) {
            if (r->k1 > 0 || r->b > 0)  /* k2 0, k3 1, min_normlen 0.5: Xapian's */
                enq.set_weighting_scheme(Xapian::BM25Weight(r->k1, 0, 1, r->b, 0.5));
            if (r->ties_newest)
                enq.set_sort_by_relevance_then_value(spec->date_slot, true);
            if (r->nnear > 1)
                q = add_proximity(q, r);
            if (r->fb_docs > 0 && r->fb_terms > 0)
                q = add_feedback(enq, q, r, check.get());
            if (r->ntiers > 0)
                q = add_tiers(db, spec, enq, q);
            plain_order = !r->ties_newest && r->nnear <= 1 &&
                          !(r->fb_docs > 0 && r->fb_terms > 0) && r->ntiers == 0;
        }
        enq.set_query(q);
        Xapian::doccount all = db->db->get_doccount();
        Xapian::doccount first = static_cast<Xapian::doccount>(spec->offset);
        Xapian::doccount n = static_cast<Xapian::doccount>(spec->limit);
        Xapian::MSet ms;
        uint64_t total;
        if (check || !plain_order || spec->count == XB_COUNT_ONE_PASS) {
            /* Every candidate of a checked phrase is checked anyway. With
             * the ranking features, Xapian 1.4's pass that stops early
             * can return another top, even one hit twice (bench/README.md,
             * "Counting"): every match is weighed. */
            ms = enq.get_mset(first, n, all, NULL, check.get());
            total = ms.get_matches_estimated();
        } else {
            /* Weighing every match only to count them costs up to three
             * times the ranking (bench/README.md, "Counting"); a single
             * word's count comes exact from the first pass. */
            ms = enq.get_mset(first, n, Xapian::doccount(0));
            total = ms.get_matches_estimated();
            if (spec->count == XB_COUNT_EXACT &&
                ms.get_matches_lower_bound() != ms.get_matches_upper_bound()) {
                Xapian::MSet counted = unweighed(*db->db, matching).get_mset(0, 0, all);
                total = counted.get_matches_estimated();
            }
        }
        std::unique_ptr<xb_mset> m(new xb_mset());
        m->total = total;
        for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
            m->weights.push_back(it.get_weight());
            m->data.push_back(it.get_document().get_data());
        }
        for (Xapian::TermIterator t = asked.get_unique_terms_begin();
             t != asked.get_unique_terms_end(); ++t)
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
        s->stem = stemmer_for(language);
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

/* ---- a database's files ---- */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define GLASS_VERSION_FILE "iamglass"  /* written last by a commit: the revision to read */
#define GLASS_LOCK_FILE "flintlock"    /* a writer holds an OFD lock on it */

/* Rename dir/name to the same name in into; an absent one is passed over. */
static morgue_status_t files_move_one(const char *dir, const char *into, const char *name,
                                      char *err)
{
    try {
        std::string src = std::string(dir) + "/" + name, dst = std::string(into) + "/" + name;
        if (rename(src.c_str(), dst.c_str()) != 0 && errno != ENOENT) {
            snprintf(err, XB_ERRLEN, "cannot move %s to %s: %s", src.c_str(), dst.c_str(),
                     strerror(errno));
            return MORGUE_IO_ERROR;
        }
        return MORGUE_OK;
    } catch (...) {
        snprintf(err, XB_ERRLEN, "out of memory");
        return MORGUE_NO_MEMORY;
    }
}

morgue_status_t xb_files_move(const char *from, const char *to, char *err)
{
    DIR *d = opendir(from);
    if (d == NULL) {
        snprintf(err, XB_ERRLEN, "cannot read %s: %s", from, strerror(errno));
        return MORGUE_IO_ERROR;
    }
    morgue_status_t st = MORGUE_OK;
    struct dirent *e;
    for (int last = 0; last < 2 && st == MORGUE_OK; last++) {
        rewinddir(d);
        while (st == MORGUE_OK && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' || strcmp(e->d_name, GLASS_LOCK_FILE) == 0 ||
                (strcmp(e->d_name, GLASS_VERSION_FILE) == 0) != last)
                continue;
            st = files_move_one(from, to, e->d_name, err);
        }
    }
    closedir(d);
    return st;
}

morgue_status_t xb_files_locked(const char *dir, int *held, char *err)
{
    char path[4096];
    (void)err;
    *held = 0;
    if ((size_t)snprintf(path, sizeof path, "%s/" GLASS_LOCK_FILE, dir) >= sizeof path)
        return MORGUE_OK;   /* as for a lock file that cannot be opened */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return MORGUE_OK;
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    *held = fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return MORGUE_OK;
}

/* Whether dir holds an empty table file (*.glass, length 0); -1 when one
 * has been written to, so the database holds something. */
static int only_empty_tables(DIR *d, const char *dir)
{
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 7 || strcmp(e->d_name + n - 6, ".glass") != 0)
            continue;
        std::string path = std::string(dir) + "/" + e->d_name;
        struct stat sb;
        if (stat(path.c_str(), &sb) != 0 || sb.st_size != 0)
            return -1;
        found = 1;
    }
    return found;
}

morgue_status_t xb_files_clear_unmade(const char *dir, int *cleared, char *err)
{
    *cleared = 0;
    return guard(err, [&]() {
        std::string version = std::string(dir) + "/" GLASS_VERSION_FILE;
        struct stat sb;
        if (stat(version.c_str(), &sb) == 0 || errno != ENOENT)
            return MORGUE_OK;   /* a database, or not ours to judge */
        DIR *d = opendir(dir);
        if (d == NULL)
            return MORGUE_OK;   /* opening the database will say why */
        int empty = only_empty_tables(d, dir);
        if (empty != 1) {
            closedir(d);
            return MORGUE_OK;
        }
        /* Take the writers' lock, so that no writer is creating it now. */
        std::string lock = std::string(dir) + "/" GLASS_LOCK_FILE;
        int fd = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        struct flock fl = {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        fl.l_len = 1;
        if (fd < 0 || fcntl(fd, F_OFD_SETLK, &fl) != 0) {
            if (fd >= 0)
                close(fd);
            closedir(d);
            return MORGUE_OK;   /* a writer holds it: opening waits for it */
        }
        morgue_status_t st = MORGUE_OK;
        rewinddir(d);
        if (stat(version.c_str(), &sb) != 0 && only_empty_tables(d, dir) == 1) {
            rewinddir(d);
            struct dirent *e;
            while (st == MORGUE_OK && (e = readdir(d)) != NULL) {
                size_t n = strlen(e->d_name);
                bool table = n >= 7 && strcmp(e->d_name + n - 6, ".glass") == 0;
                if (!table && strcmp(e->d_name, "v.tmp") != 0)
                    continue;
                std::string path = std::string(dir) + "/" + e->d_name;
                if (unlink(path.c_str()) != 0 && errno != ENOENT) {
                    set_err(err, "cannot remove " + path + ": " + strerror(errno));
                    st = MORGUE_IO_ERROR;
                }
            }
            *cleared = st == MORGUE_OK;
        }
        close(fd);
        closedir(d);
        return st;
    });
}

morgue_status_t xb_files_access(const char *dir, int write, char *err)
{
    return guard(err, [&]() {
        const char *name = write ? GLASS_LOCK_FILE : GLASS_VERSION_FILE;
        std::string path = std::string(dir) + "/" + name;
        int fd = write ? open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666)
                       : open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
            return MORGUE_OK;
        }
        if (errno == ENOENT && !write)
            return MORGUE_OK;   /* no database: Xapian says so */
        set_err(err, std::string(write ? "cannot take the write lock " : "cannot read ") +
                         path + ": " + strerror(errno));
        return MORGUE_IO_ERROR;
    });
}

} /* extern "C" */
