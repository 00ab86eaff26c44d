// The SQLite backend of store::Store, over SOCI. Private to the store module.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/sql.h"
#include "store/store.h"

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace tapchi::store {

// The full-text index (sqlite_search.cpp). Writes the index rows of these articles again from
// what the database holds now, inside the caller's transaction.
void index_articles(soci::session& sql, StatementCache& cache, const std::vector<core::Id>& ids);
// The ids `query` selects with `id` bound to :id: the articles whose index rows hold the name of
// a section, tag or author, or the articles of an edition.
std::vector<core::Id> ids_of(soci::session& sql, const std::string& query, core::Id id);
// Empties the index and fills it from every article, in batches, then (when `relate`) ranks
// every article's related articles again; returns how many articles there are. `progress` hears
// each step ("Indexing", "Relating") and how many of how many are done.
using Progress = std::function<void(std::string_view step, int done, int total)>;
int index_all(soci::session& sql, const Progress& progress, bool relate = true);
// Articles without bodies, with their tags and authors, in the order of `ids` (unknown ones left
// out).
std::vector<core::Article> articles_by_ids(soci::session& sql, StatementCache& cache,
                                           const std::vector<core::Id>& ids);
// Ranks the related articles of each of `ids` by content (their index rows must be current)
// and keeps them in article_related; each article found is offered the other in return
// (sqlite_related.cpp). Inside the caller's transaction.
void relate_articles(soci::session& sql, StatementCache& cache, const std::vector<core::Id>& ids);
// The MATCH expression of `query` for the languages of edition `edition_id` (0: of every edition).
std::string match_expression(soci::session& sql, StatementCache& cache, const search::Query& query,
                             core::Id edition_id);

// libpq's keyword form ("host='…' port='…' dbname='…'") of a postgresql:// URL.
std::string postgres_connection(std::string_view url);

class SqlStore final : public Store {
 public:
  // A read replica's store only reads, never migrates, and records no changes of its own.
  enum class Role { kPrimary, kReplica };
  // Opens the pool on the SQLite file `target` or the PostgreSQL database it names and applies
  // migrations, then opens options.replica; throws soci::soci_error or std::runtime_error on
  // failure (open_sqlite, open_postgres turn that into an Error).
  SqlStore(Dialect dialect, const std::string& target, const StoreOptions& options,
           Role role = Role::kPrimary);
  ~SqlStore() override;

  int migrations_applied_at_open() const override { return migrations_applied_; }
  int schema_version() override;
  core::Result<void> in_transaction(const std::function<core::Result<void>(Store&)>& body) override;
  core::Result<void> in_snapshot(const std::function<core::Result<void>(Store&)>& body) override;
  core::Result<void> in_public_snapshot(
      const std::function<core::Result<void>(Store&)>& body) override;

  void subscribe(ChangeListener listener) override;
  core::Result<std::int64_t> outside_commits() override;
  std::int64_t own_commits() const override;
  bool follows_changes() const override { return dialect_ == Dialect::kPostgres; }
  core::Result<std::optional<std::chrono::seconds>> spend_token(TokenOp op, std::string_view scope,
                                                                std::string_view key,
                                                                core::Buckets::Rate rate,
                                                                core::Instant now) override;
  core::Result<std::int64_t> last_change() override;
  core::Result<HeardChanges> changes_after(std::int64_t after, int limit) override;
  core::Result<bool> wait_for_changes(std::chrono::milliseconds timeout) override;
  core::Result<std::optional<core::Instant>> next_publication_after(core::Instant now) override;

  core::Result<core::Edition> save_edition(core::Edition e) override;
  core::Result<std::vector<core::Edition>> editions() override;
  core::Result<core::StaticPage> save_static_page(core::StaticPage p,
                                                  core::PageRevision revision) override;
  core::Result<core::StaticPage> static_page(core::Id id) override;
  core::Result<std::vector<Redirect>> redirects(std::string_view text, int limit,
                                                int offset) override;
  core::Result<void> delete_redirect(std::string_view from) override;
  core::Result<core::StaticPage> static_page_by_slug(core::Id edition_id,
                                                     std::string_view slug) override;
  core::Result<std::vector<core::StaticPage>> static_pages(core::Id edition_id) override;
  core::Result<void> delete_static_page(core::Id id) override;
  core::Result<std::vector<core::PageRevision>> page_revisions(core::Id page_id) override;
  core::Result<core::PageRevision> page_revision(core::Id id) override;
  core::Result<core::Section> save_section(core::Section s) override;
  core::Result<std::vector<core::Section>> sections(core::Id edition_id) override;
  core::Result<core::Section> section(core::Id id) override;
  core::Result<core::Section> section_by_slug(core::Id edition_id, std::string_view slug) override;
  core::Result<core::Tag> save_tag(core::Tag t) override;
  core::Result<core::Tag> tag_by_slug(core::Id edition_id, std::string_view slug) override;
  core::Result<std::vector<core::Tag>> tags(const std::vector<core::Id>& ids) override;
  core::Result<core::Author> save_author(core::Author a) override;
  core::Result<core::Author> author_by_slug(core::Id edition_id, std::string_view slug) override;
  core::Result<std::vector<core::Author>> authors(const std::vector<core::Id>& ids) override;
  core::Result<std::vector<core::Author>> authors_of(core::Id edition_id) override;
  core::Result<core::Media> save_media(core::Media m) override;
  core::Result<core::Media> media(core::Id id) override;
  core::Result<std::vector<core::Media>> media(const std::vector<core::Id>& ids) override;
  core::Result<std::vector<core::Media>> recent_media(int limit, int offset) override;
  core::Result<int> media_count() override;
  core::Result<std::vector<core::Article>> articles_using(core::Id media_id) override;
  core::Result<std::vector<core::Author>> authors_pictured_by(core::Id media_id) override;
  core::Result<void> delete_media(core::Id id) override;
  core::Result<std::vector<core::Tag>> tags_of(core::Id edition_id) override;
  core::Result<core::Tag> tag(core::Id id) override;
  core::Result<std::map<core::Id, int>> tag_usage(core::Id edition_id) override;
  core::Result<void> delete_tag(core::Id id) override;
  core::Result<core::Author> author(core::Id id) override;
  core::Result<std::map<std::string, std::string>> settings() override;
  core::Result<void> save_settings(const std::map<std::string, std::string>& values) override;

  core::Result<core::Article> save_article(core::Article a) override;
  core::Result<void> delete_article(core::Id id) override;
  core::Result<core::Revision> add_revision(core::Revision r) override;
  core::Result<void> delete_autosaves(core::Id article_id, core::Id user_id) override;
  core::Result<std::optional<core::Id>> imported(std::string_view source, std::string_view kind,
                                                 std::string_view external_id) override;
  core::Result<std::optional<Redirect>> redirect(std::string_view from) override;
  core::Result<void> save_redirect(const Redirect& r) override;
  core::Result<int> redirect_count() override;
  core::Result<void> remember_import(std::string_view source, std::string_view kind,
                                     std::string_view external_id, core::Id local_id) override;
  core::Result<std::vector<core::Revision>> revisions(core::Id article_id) override;
  core::Result<core::Revision> revision(core::Id id) override;
  core::Result<std::vector<core::Revision>> recent_revisions(core::Id except_user,
                                                             int limit) override;
  core::Result<core::Article> article(core::Id id) override;
  core::Result<core::Article> article_by_slug(core::Id edition_id, std::string_view slug) override;
  core::Result<std::vector<core::Article>> translations(std::string_view translation_key) override;
  core::Result<ArticlePage> find_articles(const ArticleQuery& q) override;
  core::Result<ArticlePage> filter_articles(const ArticleFilter& f) override;
  core::Result<SearchPage> search(const SearchQuery& q) override;
  core::Result<std::vector<SitemapEntry>> sitemap_entries(const SitemapQuery& q) override;
  core::Result<int> reindex(
      const std::function<void(std::string_view step, int done, int total)>& progress) override;
  core::Result<std::vector<core::Article>> related(const core::Article& a, core::Instant now,
                                                   int limit, bool by_content) override;
  core::Result<std::vector<core::Instant>> publication_times(core::Id edition_id,
                                                             core::Instant now) override;

  core::Result<core::Comment> save_comment(core::Comment c) override;
  core::Result<NewComment> add_reader_comment(core::Comment c,
                                              core::Instant duplicate_since) override;
  core::Result<std::vector<core::Comment>> approved_comments(core::Id article_id) override;
  core::Result<int> approved_comment_count(core::Id article_id) override;
  core::Result<core::Comment> comment(core::Id id) override;
  core::Result<CommentPage> find_comments(const CommentQuery& q) override;
  core::Result<std::map<core::CommentStatus, int>> comment_counts() override;
  core::Result<int> set_comment_status(const std::vector<core::Id>& ids,
                                       core::CommentStatus status) override;
  core::Result<int> delete_comments(const std::vector<core::Id>& ids) override;

  core::Result<core::User> save_user(core::User u) override;
  core::Result<core::User> user(core::Id id) override;
  core::Result<core::User> user_by_email(std::string_view email) override;
  core::Result<std::vector<core::User>> users() override;
  core::Result<core::ApiKey> save_api_key(core::ApiKey k) override;
  core::Result<core::ApiKey> api_key_by_hash(std::string_view token_hash) override;
  core::Result<core::ApiKey> api_key(core::Id id) override;
  core::Result<std::vector<core::ApiKey>> api_keys() override;
  core::Result<std::optional<IdempotentAnswer>> idempotent_answer(
      core::Id key_id, std::string_view idempotency_key) override;
  core::Result<void> reserve_idempotency_key(core::Id key_id, std::string_view idempotency_key,
                                             std::string_view request_hash,
                                             core::Instant now) override;
  core::Result<void> keep_idempotent_answer(core::Id key_id, std::string_view idempotency_key,
                                            int status, std::string_view body) override;
  core::Result<void> forget_idempotent_answers(core::Instant before) override;
  core::Result<void> add_views(const std::vector<ViewCount>& counts) override;
  core::Result<std::vector<std::pair<core::Article, std::int64_t>>> most_read(core::Id edition_id,
                                                                              int first_day,
                                                                              core::Instant now,
                                                                              int limit) override;
  core::Result<std::vector<core::Pin>> pins(core::Id edition_id, core::Id section_id) override;
  core::Result<void> save_pins(core::Id edition_id, core::Id section_id,
                               const std::vector<core::Pin>& pins) override;
  core::Result<std::vector<std::pair<core::Instant, int>>> comments_per_quarter_hour(
      core::Instant from) override;
  core::Result<std::vector<std::pair<int, std::int64_t>>> views_per_day(int first_day,
                                                                        int last_day) override;
  core::Result<core::Webhook> save_webhook(core::Webhook h) override;
  core::Result<core::Webhook> webhook(core::Id id) override;
  core::Result<std::vector<core::Webhook>> webhooks() override;
  core::Result<void> delete_webhook(core::Id id) override;
  core::Result<int> enqueue_event(std::string_view event, std::string_view subject,
                                  std::string_view payload, core::Instant due) override;
  core::Result<int> cancel_events(std::string_view event, std::string_view subject,
                                  core::Instant now) override;
  core::Result<std::vector<core::Delivery>> due_deliveries(core::Instant now, int limit) override;
  core::Result<void> save_delivery(const core::Delivery& d) override;
  core::Result<std::vector<core::Delivery>> deliveries(core::Id webhook_id, int limit) override;
  core::Result<std::optional<core::Instant>> next_delivery_at() override;
  core::Result<void> save_session(const core::Session& s) override;
  core::Result<core::Session> session(std::string_view token_hash) override;
  core::Result<void> delete_session(std::string_view token_hash) override;
  core::Result<void> delete_sessions_of(core::Id user_id) override;
  core::Result<void> delete_expired_sessions(core::Instant now) override;
  core::Result<core::AuditEntry> record(core::AuditEntry e) override;
  core::Result<core::AuditEntry> record_repeat(core::AuditEntry e, core::Instant since) override;
  core::Result<std::vector<core::AuditEntry>> audit_log(int limit, int offset) override;

  // A connection taken from the pool for as long as the Slot lives.
  class Slot {
   public:
    explicit Slot(soci::connection_pool& pool);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    soci::session& session();
    std::size_t position() const { return position_; }

   private:
    soci::connection_pool& pool_;
    std::size_t position_;
  };

  class Lease {
   public:
    explicit Lease(SqlStore& store);
    ~Lease();
    soci::session& session();
    // The statements prepared on this connection.
    StatementCache& cache();
    // Inside in_transaction(): writes join its transaction. (Inside in_snapshot() a write's own
    // BEGIN IMMEDIATE fails, as it must.)
    bool is_pinned() const { return is_write_pinned_; }

   private:
    SqlStore* source_;  // whose pool: the store's, or its replica's inside a public snapshot
    std::optional<Slot> slot_;  // empty when the thread has a pinned connection
    std::size_t position_ = 0;
    bool is_write_pinned_ = false;
  };

 private:
  // The connection a call uses: the one in_transaction() pinned on this thread, else one
  // leased from the pool for the call's duration.
  int migrate();
  // Runs `body` with the slot's connection pinned to this thread inside a transaction (a read
  // snapshot when `is_read_only`) … COMMIT (or ROLLBACK when a write's body fails); returns the
  // body's result and the changes it made.
  std::pair<core::Result<void>, std::vector<Change>> pinned(
      Slot& slot, bool is_read_only, const std::function<core::Result<void>(Store&)>& body);
  // Runs `write`, a call's body, inside in_transaction() (joining one already open), so that the
  // changes it emits commit with it: on PostgreSQL their rows for the other nodes too.
  template <typename T, typename Write>
  core::Result<T> committed(Write&& write) {
    std::optional<core::Result<T>> out;
    auto done = in_transaction([&](Store&) -> core::Result<void> {
      out.emplace(write());
      if (!*out) {
        return core::fail(out->error());
      }
      return {};
    });
    if (!done) {
      return core::fail(done.error());
    }
    return std::move(*out);
  }
  // Tells listeners of `c` now, or at the commit of the transaction pinned on this thread.
  void emit(const Change& c);
  // PostgreSQL: opens the pooled connection at `position` again when it was lost (the server
  // restarted, the network broke); throws soci_error while it cannot.
  void reconnect_if_lost(std::size_t position);
  // Now and then deletes the rate buckets untouched for a day (buckets.cpp).
  void prune(soci::session& sql, StatementCache& cache, long long now_ms);
  // Whether this thread is inside a transaction or snapshot of this store or of its replica.
  bool is_inside() const;
  // The newest change's sequence number on this store's own database (not its replica's).
  core::Result<std::int64_t> newest_change();
  // PostgreSQL: keeps `changes` in the changes table and announces them, before the commit of
  // the transaction on `sql`.
  void record(soci::session& sql, StatementCache& cache, const std::vector<Change>& changes);
  void publish(const std::vector<Change>& changes);

  Dialect dialect_;
  std::string target_;  // the file or URL opened
  std::string origin_;  // this process's mark on the changes it records (PostgreSQL)
  std::unique_ptr<soci::connection_pool> pool_;
  std::vector<StatementCache> caches_;  // one per pooled connection, by position; goes first
  int migrations_applied_ = 0;
  std::mutex write_mutex_;                      // one in_transaction() of this process at a time
  std::atomic<std::int64_t> own_commits_{0};    // by the commit hook of every pool connection
  std::atomic<std::uint64_t> spent_tokens_{0};  // rate-limit writes, to prune now and then
  std::mutex watch_mutex_;                      // guards watch_
  std::unique_ptr<soci::session> watch_;        // asks PRAGMA data_version; null for ":memory:"
  std::unique_ptr<soci::session> listen_;       // PostgreSQL: LISTENs; used by one thread
  std::unique_ptr<SqlStore> replica_;           // options.replica's store, for public reads
  std::mutex listeners_mutex_;                  // guards listeners_
  std::vector<ChangeListener> listeners_;
};

}  // namespace tapchi::store
