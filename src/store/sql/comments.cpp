// The moderation queue's reads and writes in SQLite.
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

struct FullCommentRow {
  long long id = 0, article = 0, parent = 0, created = 0;
  std::string name, email, body, status;
  int staff = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(article));
    st.exchange(soci::into(parent));
    st.exchange(soci::into(name));
    st.exchange(soci::into(email));
    st.exchange(soci::into(body));
    st.exchange(soci::into(status));
    st.exchange(soci::into(staff));
    st.exchange(soci::into(created));
  }
  core::Comment comment() const {
    return {id,
            article,
            parent,
            name,
            email,
            body,
            core::parse_comment_status(status).value(),  // the schema's CHECK admits only these
            staff != 0,
            core::Instant{std::chrono::seconds{created}},
            {}};  // the client hash is for intake checks, never read back
  }
};

constexpr std::string_view kSelectComments =
    "SELECT id, article_id, COALESCE(parent_id, 0), name, email, body, status, is_staff, "
    "created_at FROM comments ";

struct IdPair {
  long long id = 0, article = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(article));
  }
};

// The (comment, article) pairs of these ids that exist, in a transaction's session.
std::vector<IdPair> existing(SqlStore::Lease& lease, const std::vector<core::Id>& ids) {
  std::vector<IdPair> out;
  Params params;
  const std::string in = id_list(ids, "id", params);
  run_cached<IdPair>(lease.session(), lease.cache(),
                     "SELECT id, article_id FROM comments WHERE id IN " + in, params,
                     [&](const IdPair& p) { out.push_back(p); });
  return out;
}

}  // namespace

core::Result<std::vector<core::Comment>> SqlStore::approved_comments(core::Id article_id) {
  return guarded("reading comments", [&]() -> core::Result<std::vector<core::Comment>> {
    Lease lease(*this);
    std::vector<core::Comment> out;
    run_cached<FullCommentRow>(
        lease.session(), lease.cache(),
        std::string(kSelectComments) +
            "WHERE article_id = :a AND status = 'approved' ORDER BY created_at, id",
        {{{"a", article_id}}}, [&](const FullCommentRow& r) { out.push_back(r.comment()); });
    return out;
  });
}

core::Result<core::Comment> SqlStore::comment(core::Id id) {
  return guarded("reading a comment", [&]() -> core::Result<core::Comment> {
    Lease lease(*this);
    std::vector<core::Comment> found;
    run_cached<FullCommentRow>(lease.session(), lease.cache(),
                               std::string(kSelectComments) + "WHERE id = :id", {{{"id", id}}},
                               [&](const FullCommentRow& r) { found.push_back(r.comment()); });
    if (found.empty()) {
      return core::fail(core::not_found("comment " + std::to_string(id) + " not found"));
    }
    return std::move(found.front());
  });
}

core::Result<CommentPage> SqlStore::find_comments(const CommentQuery& q) {
  return guarded("listing comments", [&]() -> core::Result<CommentPage> {
    Lease lease(*this);
    Params params{{{"limit", std::max(0, q.limit)}, {"offset", std::max(0, q.offset)}}};
    std::string where;
    if (q.status) {
      where = "WHERE status = :status ";
      params.texts["status"] = std::string(core::status_name(*q.status));
    }
    CommentPage page;
    struct Count {
      long long n = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(n)); }
    };
    Params count_params{{}, params.texts};
    run_cached<Count>(lease.session(), lease.cache(), "SELECT COUNT(*) FROM comments " + where,
                      count_params, [&](const Count& c) { page.total = static_cast<int>(c.n); });
    run_cached<FullCommentRow>(lease.session(), lease.cache(),
                               std::string(kSelectComments) + where +
                                   "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                               params,
                               [&](const FullCommentRow& r) { page.items.push_back(r.comment()); });
    return page;
  });
}

core::Result<std::map<core::CommentStatus, int>> SqlStore::comment_counts() {
  return guarded("counting comments", [&]() -> core::Result<std::map<core::CommentStatus, int>> {
    Lease lease(*this);
    struct Row {
      std::string status;
      long long n = 0;
      void bind(soci::statement& st) {
        st.exchange(soci::into(status));
        st.exchange(soci::into(n));
      }
    };
    std::map<core::CommentStatus, int> out;
    run_cached<Row>(lease.session(), lease.cache(),
                    "SELECT status, COUNT(*) FROM comments GROUP BY status", {}, [&](const Row& r) {
                      out[core::parse_comment_status(r.status).value()] = static_cast<int>(r.n);
                    });
    return out;
  });
}

core::Result<int> SqlStore::set_comment_status(const std::vector<core::Id>& ids,
                                               core::CommentStatus status) {
  if (ids.empty()) {
    return 0;
  }
  return committed<int>([&] {
    return guarded("moderating comments", [&]() -> core::Result<int> {
      Lease lease(*this);
      WriteTransaction tr(lease.session(), lease.is_pinned());
      const auto found = existing(lease, ids);
      const std::string name(core::status_name(status));
      for (const IdPair& p : found) {
        long long id = p.id;
        lease.session() << "UPDATE comments SET status = :s WHERE id = :id", soci::use(name),
            soci::use(id);
      }
      tr.commit();
      for (const IdPair& p : found) {
        emit({Change::Kind::kComment, p.id, 0, p.article, {}});
      }
      return static_cast<int>(found.size());
    });
  });
}

core::Result<int> SqlStore::delete_comments(const std::vector<core::Id>& ids) {
  if (ids.empty()) {
    return 0;
  }
  return committed<int>([&] {
    return guarded("deleting comments", [&]() -> core::Result<int> {
      Lease lease(*this);
      WriteTransaction tr(lease.session(), lease.is_pinned());
      const auto found = existing(lease, ids);
      for (const IdPair& p : found) {
        long long id = p.id;
        // Replies go with their comment (ON DELETE CASCADE).
        lease.session() << "DELETE FROM comments WHERE id = :id", soci::use(id);
      }
      tr.commit();
      for (const IdPair& p : found) {
        emit({Change::Kind::kComment, p.id, 0, p.article, {}});
      }
      return static_cast<int>(found.size());
    });
  });
}

}  // namespace tapchi::store
