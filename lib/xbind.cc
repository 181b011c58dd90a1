/* xbind.cc - the one C++ file of morgue: libxapian behind the plain C
 * functions of lib/xbind.h, and nothing of morgue's own policy (which
 * queries to build and how to rank is lib/match.c's and lib/rank*.c's).
 * Called by the lib/ modules and bench/ programs only.
 * Every entry point runs its body inside guard(), which catches every
 * exception and maps it to a morgue_status_t and a message: no exception
 * crosses into C. */
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
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

struct xb_query {
    Xapian::Query q;
};

struct xb_qb {
    std::vector<std::unique_ptr<xb_query>> made;  /* every query made, freed with the builder */
    morgue_status_t status = MORGUE_OK;           /* of the first call that failed */
    char err[XB_ERRLEN] = "";                     /* its message */
};

struct xb_enquire {
    xb_db_t *db;            /* searched; its lock is held by every call */
    Xapian::Enquire enq;
    Xapian::Query q;        /* the query set, before the deadline's guard */
    xb_deadline_t *deadline = NULL;  /* when the matches stop, or NULL */
    explicit xb_enquire(xb_db_t *d) : db(d), enq(*d->db) {}
};

struct xb_mset {
    uint64_t estimated, lower, upper;  /* Xapian's count of the matches and its bounds */
    double max_possible;               /* the most a document could weigh */
    std::vector<Xapian::docid> docids; /* the hits, best first */
    std::vector<double> weights;
    std::vector<std::string> data;     /* their stored data, when asked for */
};

struct xb_eset {
    std::vector<std::string> terms;    /* best first */
    std::vector<double> weights;
};

struct xb_found {
    const Xapian::Document *doc;       /* the candidate */
    std::string data, term;            /* what xb_found_data and xb_found_term lent */
};

/* Thrown through Xapian by a C callback that failed. */
struct callback_failed {
    morgue_status_t status;
    std::string msg;
};

struct xb_stem {
    Xapian::Stem stem;
};

struct xb_stems {
    std::vector<std::string> sorted;   /* the stems a restricted builder keeps */
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

/* What a failed read or write of the index was, said first: Xapian puts
 * the cause (its errno, as strerror gives it) in brackets at the end,
 * where "17103 added" on the next line hides it. */
static std::string io_cause(const Xapian::Error &e)
{
    const char *why = e.get_error_string();
    std::string w = why != NULL ? why : "";
    /* A failure while undoing a failed write ("Modifications failed
     * (DatabaseError: ... (No space left on device)), and couldn't open at
     * the old revision") carries the first cause only in its message. */
    std::string msg = e.get_msg();
    auto is = [&](int code) {
        const char *s = strerror(code);
        return w == s || msg.find(std::string("(") + s + ")") != std::string::npos;
    };
    if (is(ENOSPC) || is(EDQUOT))
        return "no space left on device (or over quota) for the index: ";
    if (is(EROFS))
        return "the index is on a read-only file system: ";
    if (is(EACCES) || is(EPERM))
        return "permission denied on the index: ";
    return "index read or write failed: ";
}

/* Run body, turning any exception into a status and a message. */
static morgue_status_t guard(char *err, const std::function<morgue_status_t()> &body)
{
    try {
        return body();
    } catch (const callback_failed &e) {
        set_err(err, e.msg);
        return e.status;
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
        set_err(err, io_cause(e) + describe(e));
        return MORGUE_IO_ERROR;
    } catch (const Xapian::InvalidOperationError &e) {
        /* A write to a shard (opened DB_DANGEROUS) that failed makes
         * Xapian try cancel(), which throws this instead of the write's
         * error; errno still holds the write's cause. */
        int cause = errno;
        if (e.get_msg().find("DB_DANGEROUS") != std::string::npos &&
            (cause == ENOSPC || cause == EDQUOT || cause == EROFS || cause == EIO)) {
            set_err(err, std::string(cause == EROFS ? "the index is on a read-only file system: "
                                     : cause == EIO ? "index read or write failed: "
                                     : "no space left on device (or over quota) for the index: ") +
                             "writing a shard of the first build failed (" + strerror(cause) + ")");
            return MORGUE_IO_ERROR;
        }
        set_err(err, std::string(e.get_type()) + ": " + describe(e));
        return MORGUE_ENGINE_ERROR;
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

/* The stem of every word a restricted builder does not keep. */
#define PLACEHOLDER '\x01'

/* A stemmer that keeps the stems of a set, and gives one placeholder for
 * every other word: the positions of the rest stay as they were while the
 * document stays small. */
class only_stem : public Xapian::StemImplementation {
    Xapian::Stem real;
    const std::vector<std::string> *keep;   /* sorted */
  public:
    only_stem(const Xapian::Stem &s, const std::vector<std::string> *k) : real(s), keep(k) {}
    std::string operator()(const std::string &word) override {
        std::string stem = real.is_none() ? word : real(word);
        return std::binary_search(keep->begin(), keep->end(), stem) ? stem
                                                                    : std::string(1, PLACEHOLDER);
    }
    std::string get_description() const override { return real.get_description(); }
};

morgue_status_t xb_stems_new(const char *const *stems, const size_t *lens, size_t n,
                             xb_stems_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_stems> s(new xb_stems());
        for (size_t i = 0; i < n; i++)
            s->sorted.push_back(std::string(stems[i], lens[i]));
        std::sort(s->sorted.begin(), s->sorted.end());
        *out = s.release();
        return MORGUE_OK;
    });
}

void xb_stems_free(xb_stems_t *stems)
{
    delete stems;
}

morgue_status_t xb_doc_new(const char *language, int positions, xb_doc_t **out, char *err)
{
    return xb_doc_new_only(language, positions, NULL, out, err);
}

morgue_status_t xb_doc_new_only(const char *language, int positions, const xb_stems_t *only,
                                xb_doc_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_doc> d(new xb_doc());
        d->gen.reset(new Xapian::TermGenerator());
        d->positions = positions != 0;
        /* Stems only (docs/schema.md: why). */
        Xapian::Stem stem = stemmer_for(language);
        if (only != NULL)
            stem = Xapian::Stem(new only_stem(stem, &only->sorted));
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

size_t xb_doc_terms(const xb_doc_t *doc)
{
    try {
        return doc->doc.termlist_count();
    } catch (...) {
        return 0;
    }
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

/* ---- Queries ---------------------------------------------------------- */

xb_qb_t *xb_qb_new(void)
{
    try {
        return new xb_qb();
    } catch (...) {
        return NULL;
    }
}

void xb_qb_free(xb_qb_t *qb)
{
    delete qb;
}

morgue_status_t xb_qb_status(const xb_qb_t *qb, char *err)
{
    if (qb == NULL) {
        set_err(err, "out of memory");
        return MORGUE_NO_MEMORY;
    }
    if (qb->status != MORGUE_OK)
        set_err(err, qb->err);
    return qb->status;
}

/* Run make unless qb failed already, keeping what it returns; a failure
 * is remembered. */
static const xb_query_t *make(xb_qb_t *qb, const std::function<Xapian::Query()> &build)
{
    if (qb == NULL || qb->status != MORGUE_OK)
        return NULL;
    const xb_query_t *made = NULL;
    morgue_status_t st = guard(qb->err, [&]() {
        std::unique_ptr<xb_query> q(new xb_query{ build() });
        qb->made.emplace_back(q.get());
        made = q.release();
        return MORGUE_OK;
    });
    if (st != MORGUE_OK) {
        qb->status = st;
        return NULL;
    }
    return made;
}

/* A NULL query passed in: an earlier call failed (or the caller's bug). */
static bool given(xb_qb_t *qb, const xb_query_t *q)
{
    if (q != NULL)
        return true;
    if (qb != NULL && qb->status == MORGUE_OK) {
        qb->status = MORGUE_INVALID_ARGUMENT;
        set_err(qb->err, "no query given");
    }
    return false;
}

/* Xapian's operator of each xb_op_t, in xb_op_t's order (XB_OP_OTHER last). */
static const Xapian::Query::op ops[] = {
    Xapian::Query::OP_AND, Xapian::Query::OP_OR, Xapian::Query::OP_AND_NOT,
    Xapian::Query::OP_XOR, Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER,
    Xapian::Query::OP_NEAR, Xapian::Query::OP_PHRASE, Xapian::Query::OP_SYNONYM,
    Xapian::Query::OP_MAX, Xapian::Query::OP_ELITE_SET, Xapian::Query::OP_SCALE_WEIGHT,
    Xapian::Query::OP_WILDCARD, Xapian::Query::OP_VALUE_RANGE, Xapian::Query::OP_VALUE_GE,
    Xapian::Query::OP_VALUE_LE, Xapian::Query::LEAF_TERM, Xapian::Query::LEAF_POSTING_SOURCE,
    Xapian::Query::LEAF_MATCH_ALL, Xapian::Query::LEAF_MATCH_NOTHING,
};
static_assert(sizeof ops / sizeof *ops == XB_OP_OTHER, "one Xapian operator per xb_op_t");

const xb_query_t *xb_q_term(xb_qb_t *qb, const char *term)
{
    return make(qb, [&]() { return Xapian::Query(term); });
}

const xb_query_t *xb_q_all(xb_qb_t *qb)
{
    return make(qb, [&]() { return Xapian::Query::MatchAll; });
}

const xb_query_t *xb_q_nothing(xb_qb_t *qb)
{
    return make(qb, [&]() { return Xapian::Query::MatchNothing; });
}

const xb_query_t *xb_q_fixed(xb_qb_t *qb, double weight)
{
    return make(qb, [&]() {
        return Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release());
    });
}

const xb_query_t *xb_q_value(xb_qb_t *qb, xb_op_t op, unsigned slot, const char *lo,
                             const char *hi)
{
    return make(qb, [&]() {
        if (op == XB_OP_VALUE_GE)
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo);
        if (op == XB_OP_VALUE_LE)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        if (op != XB_OP_VALUE_RANGE)
            throw Xapian::InvalidArgumentError("not a value range operator");
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
    });
}

const xb_query_t *xb_q_combine(xb_qb_t *qb, xb_op_t op, const xb_query_t *const *subs,
                               size_t n, unsigned window)
{
    for (size_t i = 0; i < n; i++)
        if (!given(qb, subs[i]))
            return NULL;
    return make(qb, [&]() {
        if (op > XB_OP_MAX)
            throw Xapian::InvalidArgumentError("not an operator that combines queries");
        std::vector<Xapian::Query> v;
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        return Xapian::Query(ops[op], v.begin(), v.end(), window);
    });
}

const xb_query_t *xb_q_scale(xb_qb_t *qb, const xb_query_t *q, double factor)
{
    if (!given(qb, q))
        return NULL;
    return make(qb, [&]() { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor); });
}

const xb_query_t *xb_q_parse(xb_qb_t *qb, xb_db_t *db, const xb_parser_t *p,
                             const char *text)
{
    return make(qb, [&]() {
        hold h(db);
        Xapian::QueryParser qp;
        qp.set_database(*db->db);
        qp.set_stemmer(Xapian::Stem(p->language));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        qp.set_default_op(p->any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
        std::unique_ptr<Xapian::SimpleStopper> stop;
        if (p->nstopwords > 0) {
            stop.reset(new Xapian::SimpleStopper(p->stopwords, p->stopwords + p->nstopwords));
            qp.set_stopper(stop.get());
        }
        for (size_t i = 0; i < p->nfields; i++) {
            if (p->fields[i].boolean)
                qp.add_boolean_prefix(p->fields[i].name, p->fields[i].prefix);
            else
                qp.add_prefix(p->fields[i].name, p->fields[i].prefix);
        }
        Xapian::DateRangeProcessor dates(p->date_slot, p->date_prefix);
        qp.add_rangeprocessor(&dates);
        qp.set_max_expansion(static_cast<Xapian::termcount>(p->max_wildcard),
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                         Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        return qp.parse_query(text, flags);
    });
}

xb_op_t xb_q_type(const xb_query_t *q)
{
    size_t i = 0;
    while (i < XB_OP_OTHER && ops[i] != q->q.get_type())
        i++;
    return static_cast<xb_op_t>(i);
}

int xb_q_empty(const xb_query_t *q) { return q->q.empty(); }
size_t xb_q_nsub(const xb_query_t *q) { return q->q.get_num_subqueries(); }

const xb_query_t *xb_q_sub(xb_qb_t *qb, const xb_query_t *q, size_t i)
{
    if (!given(qb, q))
        return NULL;
    return make(qb, [&]() { return q->q.get_subquery(i); });
}

static bool holds(const Xapian::Query &q, Xapian::Query::op op)
{
    if (q.get_type() == op)
        return true;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (holds(q.get_subquery(i), op))
            return true;
    return false;
}

int xb_q_holds(const xb_query_t *q, xb_op_t op)
{
    return op < XB_OP_OTHER && holds(q->q, ops[op]);
}

morgue_status_t xb_q_terms(const xb_query_t *q,
                           int (*cb)(void *ctx, const char *term, size_t len), void *ctx,
                           char *err)
{
    return guard(err, [&]() {
        for (Xapian::TermIterator t = q->q.get_unique_terms_begin();
             t != q->q.get_unique_terms_end(); ++t) {
            const std::string &term = *t;
            if (cb(ctx, term.c_str(), term.size()) != 0)
                break;
        }
        return MORGUE_OK;
    });
}

/* ---- Enquire, match sets and expand sets -------------------------------- */

void xb_db_hold(xb_db_t *db) { db->mu.lock(); }
void xb_db_release(xb_db_t *db) { db->mu.unlock(); }

size_t xb_db_parts(xb_db_t *db)
{
    hold h(db);
    return db->db->size();
}

morgue_status_t xb_enquire_new(xb_db_t *db, xb_enquire_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        hold h(db);
        *out = new xb_enquire(db);
        return MORGUE_OK;
    });
}

void xb_enquire_free(xb_enquire_t *enq)
{
    delete enq;
}

morgue_status_t xb_enquire_query(xb_enquire_t *enq, const xb_query_t *q, char *err)
{
    return guard(err, [&]() {
        hold h(enq->db);
        enq->enq.set_query(q->q);
        enq->q = q->q;
        return MORGUE_OK;
    });
}

morgue_status_t xb_enquire_bm25(xb_enquire_t *enq, double k1, double b, char *err)
{
    return guard(err, [&]() {
        enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
        return MORGUE_OK;
    });
}

morgue_status_t xb_enquire_boolean(xb_enquire_t *enq, char *err)
{
    return guard(err, [&]() {
        enq->enq.set_weighting_scheme(Xapian::BoolWeight());
        return MORGUE_OK;
    });
}

morgue_status_t xb_enquire_sort(xb_enquire_t *enq, xb_sort_t sort, unsigned slot,
                                int descending, char *err)
{
    return guard(err, [&]() {
        if (sort == XB_SORT_VALUE_THEN_RELEVANCE)
            enq->enq.set_sort_by_value_then_relevance(slot, descending != 0);
        else if (sort == XB_SORT_RELEVANCE_THEN_VALUE)
            enq->enq.set_sort_by_relevance_then_value(slot, descending != 0);
        else
            enq->enq.set_sort_by_relevance();
        return MORGUE_OK;
    });
}

double xb_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every docid of the database, ending at a deadline: in a FILTER with the
 * query, the matcher consults it at each candidate, also those a phrase
 * then rejects (Xapian 1.4 checks a phrase's positions above the AND of
 * its terms, which this joins), so the match ends soon after the deadline
 * however little it finds. It claims every docid up to the last without
 * reading the index (an AND needs the other side to have it too), and
 * reads the clock at its first step and every 16th after. Weighs nothing. */
class deadline_guard : public Xapian::PostingSource {
    xb_deadline_t *d;
    Xapian::doccount n = 0;              /* documents, for the estimates */
    Xapian::docid did = 0, last = 0;     /* where it is; the last docid */
    unsigned steps = 0;
    bool stopped = false;
    void step() {
        if ((steps++ & 15) == 0 && !d->hit && xb_clock() >= d->at)
            d->hit = 1;
        stopped = d->hit != 0;
    }
  public:
    explicit deadline_guard(xb_deadline_t *dl) : d(dl) {}
    PostingSource *clone() const override { return new deadline_guard(d); }
    void init(const Xapian::Database &db) override {
        n = db.get_doccount();
        last = db.get_lastdocid();
        did = 0;
        stopped = false;
    }
    /* Every document: the estimates of the query are its own. */
    Xapian::doccount get_termfreq_min() const override { return n; }
    Xapian::doccount get_termfreq_est() const override { return n; }
    Xapian::doccount get_termfreq_max() const override { return n; }
    void next(double) override {
        step();
        ++did;
    }
    void skip_to(Xapian::docid to, double) override {
        step();
        if (to > did)
            did = to;
    }
    bool at_end() const override { return stopped || did > last; }
    Xapian::docid get_docid() const override { return did; }
    std::string get_description() const override { return "deadline_guard"; }
};

static Xapian::Query deadline_query(xb_deadline_t *d)
{
    return Xapian::Query((new deadline_guard(d))->release());
}

/* q with each phrase and NEAR under an OR-like branch in a FILTER with a
 * guard of its own: Xapian checks a phrase's positions in the phrase's own
 * postlist, so one under an OR would run through every candidate between
 * two of its matches unseen by the guard at the top. */
static Xapian::Query guard_phrases(const Xapian::Query &q, xb_deadline_t *d)
{
    typedef Xapian::Query Q;
    Q::op t = q.get_type();
    if (t == Q::OP_PHRASE || t == Q::OP_NEAR)
        return Q(Q::OP_FILTER, q, deadline_query(d));
    switch (t) {
    case Q::OP_AND: case Q::OP_OR: case Q::OP_AND_NOT: case Q::OP_XOR: case Q::OP_AND_MAYBE:
    case Q::OP_FILTER: case Q::OP_SYNONYM: case Q::OP_MAX:
        break;
    default:   /* a leaf, or a branch with a parameter: the guard at the top only */
        return q;
    }
    if (!holds(q, Q::OP_PHRASE) && !holds(q, Q::OP_NEAR))
        return q;
    std::vector<Q> v;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        v.push_back(guard_phrases(q.get_subquery(i), d));
    return Q(t, v.begin(), v.end());
}

morgue_status_t xb_enquire_time_limit(xb_enquire_t *enq, xb_deadline_t *d, char *err)
{
    (void)err;
    enq->deadline = d;
    return MORGUE_OK;
}

/* A C match decider as Xapian's: a failure it reports is thrown on. */
class c_decider : public Xapian::MatchDecider {
    xb_decide_fn fn;
    void *ctx;
  public:
    c_decider(xb_decide_fn f, void *c) : fn(f), ctx(c) {}
    bool operator()(const Xapian::Document &doc) const override {
        xb_found found{ &doc, std::string(), std::string() };
        char msg[XB_ERRLEN] = "";
        int keep = fn(ctx, &found, msg);
        if (keep < 0)
            throw callback_failed{ static_cast<morgue_status_t>(-keep), msg };
        return keep != 0;
    }
};

morgue_status_t xb_enquire_mset(xb_enquire_t *enq, size_t first, size_t n,
                                size_t check_at_least, xb_decide_fn decide, void *ctx,
                                int with_data, xb_mset_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        hold h(enq->db);
        std::unique_ptr<c_decider> dec(decide != NULL ? new c_decider(decide, ctx) : NULL);
        xb_deadline_t *d = enq->deadline;
        if (d != NULL) {
            enq->enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, guard_phrases(enq->q, d),
                                             deadline_query(d)));
        }
        Xapian::MSet ms = enq->enq.get_mset(static_cast<Xapian::doccount>(first),
                                            static_cast<Xapian::doccount>(n),
                                            static_cast<Xapian::doccount>(check_at_least),
                                            NULL, dec.get());
        std::unique_ptr<xb_mset> m(new xb_mset());
        m->estimated = ms.get_matches_estimated();
        m->lower = ms.get_matches_lower_bound();
        m->upper = ms.get_matches_upper_bound();
        m->max_possible = ms.get_max_possible();
        for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
            m->docids.push_back(*it);
            m->weights.push_back(it.get_weight());
            if (with_data)
                m->data.push_back(it.get_document().get_data());
        }
        *out = m.release();
        return MORGUE_OK;
    });
}

/* A C term filter as Xapian's expand decider. */
class c_expand : public Xapian::ExpandDecider {
    int (*fn)(void *ctx, const char *term, size_t len);
    void *ctx;
  public:
    c_expand(int (*f)(void *, const char *, size_t), void *c) : fn(f), ctx(c) {}
    bool operator()(const std::string &t) const override { return fn(ctx, t.c_str(), t.size()) != 0; }
};

morgue_status_t xb_enquire_eset(xb_enquire_t *enq, const xb_mset_t *relevant, size_t n,
                                int (*keep)(void *ctx, const char *term, size_t len),
                                void *ctx, xb_eset_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        hold h(enq->db);
        Xapian::RSet rset;
        for (Xapian::docid id : relevant->docids)
            rset.add_document(id);
        std::unique_ptr<c_expand> dec(keep != NULL ? new c_expand(keep, ctx) : NULL);
        Xapian::ESet es = enq->enq.get_eset(static_cast<Xapian::termcount>(n), rset, dec.get());
        std::unique_ptr<xb_eset> e(new xb_eset());
        for (Xapian::ESetIterator it = es.begin(); it != es.end(); ++it) {
            e->terms.push_back(*it);
            e->weights.push_back(it.get_weight());
        }
        *out = e.release();
        return MORGUE_OK;
    });
}

size_t xb_mset_size(const xb_mset_t *m) { return m->docids.size(); }
unsigned xb_mset_docid(const xb_mset_t *m, size_t i) { return m->docids[i]; }
double xb_mset_weight(const xb_mset_t *m, size_t i) { return m->weights[i]; }

const char *xb_mset_data(const xb_mset_t *m, size_t i, size_t *len)
{
    *len = m->data[i].size();
    return m->data[i].data();
}

uint64_t xb_mset_estimated(const xb_mset_t *m) { return m->estimated; }
uint64_t xb_mset_lower(const xb_mset_t *m) { return m->lower; }
uint64_t xb_mset_upper(const xb_mset_t *m) { return m->upper; }
double xb_mset_max_possible(const xb_mset_t *m) { return m->max_possible; }

void xb_mset_free(xb_mset_t *m)
{
    delete m;
}

size_t xb_eset_size(const xb_eset_t *e) { return e->terms.size(); }
const char *xb_eset_term(const xb_eset_t *e, size_t i) { return e->terms[i].c_str(); }
double xb_eset_weight(const xb_eset_t *e, size_t i) { return e->weights[i]; }

void xb_eset_free(xb_eset_t *e)
{
    delete e;
}

unsigned xb_found_docid(const xb_found_t *doc) { return doc->doc->get_docid(); }

morgue_status_t xb_found_data(xb_found_t *doc, const char **data, size_t *len, char *err)
{
    return guard(err, [&]() {
        doc->data = doc->doc->get_data();
        *data = doc->data.data();
        *len = doc->data.size();
        return MORGUE_OK;
    });
}

morgue_status_t xb_found_term(xb_found_t *doc, const char *prefix, const char **term,
                              char *err)
{
    *term = NULL;
    return guard(err, [&]() {
        std::string p(prefix);
        Xapian::TermIterator t = doc->doc->termlist_begin();
        t.skip_to(p);
        if (t != doc->doc->termlist_end() && (*t).compare(0, p.size(), p) == 0) {
            doc->term = *t;
            *term = doc->term.c_str();
        }
        return MORGUE_OK;
    });
}

/* ---- A database in memory ------------------------------------------------ */

morgue_status_t xb_open_memory(xb_db_t **out, char *err)
{
    *out = NULL;
    return guard(err, [&]() {
        std::unique_ptr<xb_db> h(new xb_db());
        h->wdb = new Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
        h->db = h->wdb;
        *out = h.release();
        return MORGUE_OK;
    });
}

morgue_status_t xb_put_copy(xb_db_t *db, unsigned docid, const xb_doc_t *doc, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        morgue_status_t st = need_writable(db, err);
        if (st != MORGUE_OK)
            return st;
        Xapian::Document small;
        for (Xapian::TermIterator t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (!term.empty() && term.back() == PLACEHOLDER)
                continue;
            if (t.positionlist_count() == 0)
                small.add_term(term, t.get_wdf());
            for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                small.add_posting(term, *p);
        }
        for (Xapian::ValueIterator v = doc->doc.values_begin(); v != doc->doc.values_end(); ++v)
            small.add_value(v.get_valueno(), *v);
        db->wdb->replace_document(docid, small);
        return MORGUE_OK;
    });
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

/* ---- Checking a database ------------------------------------------------ */

morgue_status_t xb_check(const char *dir, void (*line)(void *ctx, const char *text),
                         void *ctx, uint64_t *errors, char *err)
{
    *errors = 0;
    return guard(err, [&]() {
        std::ostringstream out;
        try {
            *errors = Xapian::Database::check(dir, 0, &out);
        } catch (const Xapian::DatabaseNotFoundError &) {
            throw;
        } catch (const Xapian::DatabaseVersionError &) {
            throw;
        } catch (const Xapian::DatabaseModifiedError &) {
            throw;
        } catch (const Xapian::DatabaseOpeningError &e) {
            /* A table this user may not open (the check opens some for
             * writing) keeps it from checking; other opening failures
             * are damage, as guard() says. */
            const char *why = e.get_error_string();
            if (why != NULL && (strcmp(why, strerror(EACCES)) == 0 ||
                                strcmp(why, strerror(EPERM)) == 0 ||
                                strcmp(why, strerror(EROFS)) == 0)) {
                set_err(err, "cannot open the index to check it: " + describe(e));
                return MORGUE_IO_ERROR;
            }
            throw;
        } catch (const Xapian::DatabaseCorruptError &) {
            throw;
        } catch (const Xapian::DatabaseError &e) {
            /* A block it cannot read ("EOF reading block 89"). */
            set_err(err, "index is damaged: " + describe(e));
            return MORGUE_INDEX_CORRUPT;
        }
        std::istringstream lines(out.str());
        std::string text;
        while (std::getline(lines, text))
            if (!text.empty())
                line(ctx, text.c_str());
        return MORGUE_OK;
    });
}

morgue_status_t xb_all_docs(xb_db_t *db,
                            int (*cb)(void *ctx, unsigned docid, const char *data,
                                      size_t len, const char *problem),
                            void *ctx, char *err)
{
    return guard(err, [&]() {
        hold h(db);
        for (Xapian::PostingIterator it = db->db->postlist_begin("");
             it != db->db->postlist_end(""); ++it) {
            std::string data, problem;
            bool read = false;
            try {
                data = db->db->get_document(*it).get_data();
                read = true;
            } catch (const Xapian::DatabaseModifiedError &) {
                throw;   /* the whole walk is to be done again */
            } catch (const Xapian::Error &e) {
                problem = describe(e);
            }
            if (cb(ctx, *it, read ? data.data() : NULL, data.size(),
                   read ? NULL : problem.c_str()) != 0)
                break;
        }
        return MORGUE_OK;
    });
}

} /* extern "C" */
