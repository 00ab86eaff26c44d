#include "store/migrations.h"

#include <array>

#include "store/store.h"

namespace tapchi::store {

namespace {

// Times are UTC seconds since the epoch (BIGINT). Booleans are 0/1 integers. Slugs are unique
// per edition. Comment email is kept for moderation and never shown.
constexpr std::string_view kInitial = R"sql(
CREATE TABLE editions (
  id {id},
  code TEXT NOT NULL UNIQUE,
  language TEXT NOT NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  date_style TEXT NOT NULL CHECK (date_style IN ('en', 'vi')),
  position INTEGER NOT NULL
);
CREATE TABLE media (
  id {id},
  path TEXT NOT NULL UNIQUE,
  mime TEXT NOT NULL,
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  alt TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  credit TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sections (
  id {id},
  edition_id BIGINT NOT NULL REFERENCES editions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (edition_id, slug)
);
CREATE TABLE tags (
  id {id},
  edition_id BIGINT NOT NULL REFERENCES editions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (edition_id, slug)
);
CREATE TABLE authors (
  id {id},
  edition_id BIGINT NOT NULL REFERENCES editions(id),
  slug TEXT NOT NULL,
  name TEXT NOT NULL,
  position TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  photo_id BIGINT REFERENCES media(id),
  UNIQUE (edition_id, slug)
);
CREATE TABLE articles (
  id {id},
  edition_id BIGINT NOT NULL REFERENCES editions(id),
  translation_key TEXT,
  slug TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'unpublished')),
  title TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  featured_media_id BIGINT REFERENCES media(id),
  section_id BIGINT REFERENCES sections(id),
  published_at BIGINT,
  updated_at BIGINT,
  comments_open INTEGER NOT NULL DEFAULT 1,
  UNIQUE (edition_id, slug),
  UNIQUE (edition_id, translation_key)
);
CREATE INDEX articles_listing ON articles (edition_id, status, published_at);
CREATE INDEX articles_by_section ON articles (section_id, status, published_at);
CREATE INDEX articles_by_translation ON articles (translation_key);
CREATE TABLE article_tags (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES tags(id),
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
CREATE TABLE article_authors (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  author_id BIGINT NOT NULL REFERENCES authors(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);
CREATE TABLE comments (
  id {id},
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'rejected')),
  is_staff INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at)
)sql";

// Listing pages read many article rows and never their bodies: bodies move to a table of their
// own so that article rows stay small and a listing touches few pages. Tag and author links carry
// the article's publication time (kept in step by every save of the article) so that a tag's or
// an author's newest articles come straight from an index, and the section index holds the
// edition so that counting a section's articles reads the index alone.
constexpr std::string_view kListingIndexes = R"sql(
CREATE TABLE article_bodies (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  body TEXT NOT NULL DEFAULT ''
);
INSERT INTO article_bodies (article_id, body) SELECT id, body FROM articles;
ALTER TABLE articles DROP COLUMN body;
ALTER TABLE article_tags ADD COLUMN published_at BIGINT;
UPDATE article_tags SET published_at =
  (SELECT a.published_at FROM articles a WHERE a.id = article_tags.article_id);
DROP INDEX article_tags_by_tag;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, published_at, article_id);
ALTER TABLE article_authors ADD COLUMN published_at BIGINT;
UPDATE article_authors SET published_at =
  (SELECT a.published_at FROM articles a WHERE a.id = article_authors.article_id);
DROP INDEX article_authors_by_author;
CREATE INDEX article_authors_by_author ON article_authors (author_id, published_at, article_id);
DROP INDEX articles_by_section;
CREATE INDEX articles_by_section ON articles (section_id, edition_id, status, published_at)
)sql";

// Back-office accounts and the audit log. A user's role is one of core::Role's names; the audit
// log keeps who did what to which subject, and when.
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE users (
  id {id},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE TABLE audit_log (
  id {id},
  at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at)
)sql";

// Back-office sessions, kept server-side so that they can be listed, expired and revoked. The
// cookie holds a random token; the table holds only its hash.
constexpr std::string_view kSessions = R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  client TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id)
)sql";

// The moderation queue lists comments by status, newest first.
constexpr std::string_view kModeration = R"sql(
CREATE INDEX comments_by_status ON comments (status, created_at)
)sql";

// The editor: articles count their saves (a save based on an older count is refused) and remember
// who created them; every save keeps a revision of the text; media remember the widths of their
// responsive variants, their size and when they came.
constexpr std::string_view kEditorial = R"sql(
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES users(id);
CREATE TABLE article_revisions (
  id {id},
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  user_id BIGINT REFERENCES users(id),
  saved_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);
ALTER TABLE media ADD COLUMN variant_widths TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX media_by_time ON media (created_at, id);
CREATE INDEX articles_by_featured ON articles (featured_media_id)
)sql";

// Settings the back office changes while the journal runs (site name, time zone, comment
// policy): they override the config file's defaults.
constexpr std::string_view kSettings = R"sql(
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
)
)sql";

// A comment policy per article ('' follows the site's); the keyed hash of the address a comment
// came from (the address itself is never stored) and a fingerprint of its text, which find a
// duplicate with one index lookup however many comments the article has.
constexpr std::string_view kReaderComments = R"sql(
ALTER TABLE articles ADD COLUMN comment_mode TEXT NOT NULL DEFAULT ''
  CHECK (comment_mode IN ('', 'open', 'moderated'));
ALTER TABLE comments ADD COLUMN client_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN fingerprint INTEGER NOT NULL DEFAULT 0;
CREATE INDEX comments_by_fingerprint ON comments (article_id, fingerprint)
)sql";

// Repeated events (failed sign-ins) take one audit row per window, counted in `repeats`; the
// index finds the row to count a repeat on.
constexpr std::string_view kAuditRepeats = R"sql(
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
CREATE INDEX audit_log_by_subject ON audit_log (action, subject, at)
)sql";

// The full-text index of every article (any status: the back office searches drafts too), by the
// article's id. Its columns hold terms, not text: search::index_text() folds them (đ → d
// included) and stems them for the edition's language, so FTS5 only splits at spaces and ranks
// (BM25, weighted title > names > lead > body). `names` holds the section's, tags' and authors'
// names; `plain` keeps the body's reading text, unindexed, for snippets. Written in the same
// transaction as every change of the article or of a name it holds. This is SQLite's dialect;
// a PostgreSQL store keeps the same columns as tsvector. `article_related` keeps each article's
// related articles ranked by content (score in thousandths: the higher the closer), written when
// it or one of them is saved, so that a page reads them with one index walk.
constexpr std::string_view kSearchIndex = R"sql(
CREATE VIRTUAL TABLE article_search USING fts5(
  title, lead, body, names, plain UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE article_related (
  article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  related_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  score BIGINT NOT NULL,
  PRIMARY KEY (article_id, related_id)
);
CREATE INDEX article_related_by_related ON article_related (related_id)
)sql";

// API keys (only the secret's hash is kept) and the answers of requests sent with an
// Idempotency-Key, so that a retried create answers as the first did.
constexpr std::string_view kApiKeys = R"sql(
CREATE TABLE api_keys (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('content', 'admin')),
  user_id BIGINT REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE TABLE idempotent_answers (
  key_id BIGINT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
)
)sql";

// Webhooks and their outbox: a delivery row per event and webhook, written in the transaction
// of the change it tells of.
constexpr std::string_view kWebhooks = R"sql(
CREATE TABLE webhooks (
  id {id},
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE TABLE webhook_deliveries (
  id {id},
  webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_by_subject ON webhook_deliveries (subject, status)
)sql";

// The newest published articles of every edition at once (the Content API without ?edition=),
// read in order from an index rather than sorted.
constexpr std::string_view kListingAcrossEditions = R"sql(
CREATE INDEX articles_by_time ON articles (status, published_at)
)sql";

// Readers' views, per article and day (its local date in the site's zone, YYYYMMDD): counts
// only, nothing about the readers.
constexpr std::string_view kReadership = R"sql(
CREATE TABLE article_views (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  views BIGINT NOT NULL,
  PRIMARY KEY (article_id, day)
);
CREATE INDEX article_views_by_day ON article_views (day, article_id)
)sql";

// The language each account's back office speaks ("vi", "en"; empty: the journal's first
// edition's).
constexpr std::string_view kAccountLanguage = R"sql(
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT ''
)sql";

// The editors' choice of front pages: an edition's (section_id 0) or a section page's, the
// article at each place (0: the lead story) until a time.
constexpr std::string_view kFrontPins = R"sql(
CREATE TABLE front_pins (
  edition_id BIGINT NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
  section_id BIGINT NOT NULL DEFAULT 0,
  place INTEGER NOT NULL CHECK (place >= 0),
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  until BIGINT,
  PRIMARY KEY (edition_id, section_id, place)
);
CREATE INDEX front_pins_by_until ON front_pins (until)
)sql";

// The writing view's automatic saves are revisions that made no version, marked with the
// version their writer was typing on.
constexpr std::string_view kAutosaves = R"sql(
ALTER TABLE article_revisions ADD COLUMN autosave_of INTEGER NOT NULL DEFAULT 0
)sql";

// What imports made of items from elsewhere (a WordPress export's posts, attachments and
// comments), so that importing the same file again updates instead of adding.
constexpr std::string_view kImportedItems = R"sql(
CREATE TABLE imported_items (
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  local_id BIGINT NOT NULL,
  PRIMARY KEY (source, kind, external_id)
)
)sql";

// Old addresses (a WordPress site's, or ones an editor keeps after a change) answered with a
// permanent redirect to what is there now.
constexpr std::string_view kRedirects = R"sql(
CREATE TABLE redirects (
  path TEXT PRIMARY KEY,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
)
)sql";

// Static pages ("About us", "Contact") with the revisions of their text.
constexpr std::string_view kStaticPages = R"sql(
CREATE TABLE static_pages (
  id {id},
  edition_id BIGINT NOT NULL REFERENCES editions(id),
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  is_published INTEGER NOT NULL DEFAULT 0,
  footer_position INTEGER NOT NULL DEFAULT 0 CHECK (footer_position >= 0),
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (edition_id, slug)
);
CREATE TABLE static_page_revisions (
  id {id},
  page_id BIGINT NOT NULL REFERENCES static_pages(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  saved_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX static_page_revisions_by_page ON static_page_revisions (page_id, id)
)sql";

// The same index in PostgreSQL: the same columns (the article's id as `rowid`, so that one SQL
// reads both) and a weighted tsvector of the terms, made by the database itself. The terms are
// already folded and stemmed, so its 'simple' configuration only splits them at spaces.
constexpr std::string_view kSearchIndexPostgres = R"sql(
CREATE TABLE article_search (
  rowid BIGINT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  lead TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  names TEXT NOT NULL DEFAULT '',
  plain TEXT NOT NULL DEFAULT '',
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', names), 'B') ||
    setweight(to_tsvector('simple', lead), 'C') || setweight(to_tsvector('simple', body), 'D')
  ) STORED
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
CREATE TABLE article_related (
  article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  related_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  score BIGINT NOT NULL,
  PRIMARY KEY (article_id, related_id)
);
CREATE INDEX article_related_by_related ON article_related (related_id);
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS BIGINT
  LANGUAGE SQL IMMUTABLE STRICT AS 'SELECT CAST(strpos(haystack, needle) AS BIGINT)'
)sql";

// PostgreSQL only: every committed change, numbered in commit order (writers take turns), for the
// other nodes of the journal, which hear of it by NOTIFY and read it here. SQLite journals have
// one file and watch its data version instead.
constexpr std::string_view kChangesPostgres = R"sql(
CREATE TABLE changes (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  id BIGINT NOT NULL,
  edition_id BIGINT NOT NULL,
  article_id BIGINT NOT NULL,
  translation_key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX changes_by_time ON changes (at)
)sql";

// A worker (of any node) claims the deliveries it is about to make until a time, so that no
// other worker makes them meanwhile; a crashed worker's claims lapse and are taken again.
constexpr std::string_view kDeliveryClaims = R"sql(
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0
)sql";

// Token buckets (login attempts, comments, API requests) shared by every node: milli-tokens and
// the millisecond they were counted at.
constexpr std::string_view kRateBuckets = R"sql(
CREATE TABLE rate_buckets (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  tokens BIGINT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX rate_buckets_by_time ON rate_buckets (at)
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial journal schema", kInitial},
    Migration{2, "article bodies apart; listing indexes", kListingIndexes},
    Migration{3, "accounts and audit log", kAccounts},
    Migration{4, "back-office sessions", kSessions},
    Migration{5, "moderation queue index", kModeration},
    Migration{6, "article versions, revisions, media variants", kEditorial},
    Migration{7, "site settings", kSettings},
    Migration{8, "reader comments: per-article mode, client hash", kReaderComments},
    Migration{9, "audit log: repeats counted on one row", kAuditRepeats},
    Migration{10, "full-text search index", kSearchIndex, true, kSearchIndexPostgres},
    Migration{11, "API keys and idempotent answers", kApiKeys},
    Migration{12, "webhooks and their outbox", kWebhooks},
    Migration{13, "listing index across editions", kListingAcrossEditions},
    Migration{14, "readership: views per article and day", kReadership},
    Migration{15, "the back office's language per account", kAccountLanguage},
    Migration{16, "front pages: the editors' choice", kFrontPins},
    Migration{17, "automatic saves of the writing view", kAutosaves},
    Migration{18, "what imports made of items from elsewhere", kImportedItems},
    Migration{19, "old addresses redirected", kRedirects},
    Migration{20, "static pages and their revisions", kStaticPages},
    Migration{21, "changes told to the other nodes (PostgreSQL)", "", false, kChangesPostgres},
    Migration{22, "webhook deliveries claimed by one worker", kDeliveryClaims},
    Migration{23, "rate limits shared by every node", kRateBuckets},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

std::string statements_for(const Migration& m, std::string_view id_type, bool is_postgres) {
  std::string sql(is_postgres && !m.postgres_sql.empty() ? m.postgres_sql : m.sql);
  const auto replace_all = [&](std::string_view token, std::string_view by) {
    for (auto pos = sql.find(token); pos != std::string::npos; pos = sql.find(token, pos)) {
      sql.replace(pos, token.size(), by);
      pos += by.size();
    }
  };
  replace_all("{id}", id_type);
  if (is_postgres) {
    // SQLite's INTEGER holds 64 bits (a comment's fingerprint needs them); PostgreSQL's, 32.
    replace_all(" INTEGER", " BIGINT");
  }
  return sql;
}

}  // namespace tapchi::store
