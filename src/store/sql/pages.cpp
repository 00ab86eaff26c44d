// Static pages and their revisions.
#include <chrono>
#include <string>

#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

core::Instant instant(long long seconds) { return core::Instant{std::chrono::seconds{seconds}}; }

struct PageRow {
  core::StaticPage p;
  long long id = 0, edition_id = 0, updated_at = 0;
  int is_published = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(edition_id));
    st.exchange(soci::into(p.slug));
    st.exchange(soci::into(p.title));
    st.exchange(soci::into(is_published));
    st.exchange(soci::into(p.footer_position));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(p.version));
    st.exchange(soci::into(p.body));
  }
  core::StaticPage page() const {
    core::StaticPage out = p;
    out.id = id;
    out.edition_id = edition_id;
    out.is_published = is_published != 0;
    out.updated_at = instant(updated_at);
    return out;
  }
};

constexpr std::string_view kPageColumns =
    "SELECT id, edition_id, slug, title, is_published, footer_position, updated_at, version, ";

struct PageRevisionRow {
  core::PageRevision r;
  long long id = 0, page_id = 0, user_id = 0, saved_at = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(page_id));
    st.exchange(soci::into(r.version));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(saved_at));
    st.exchange(soci::into(r.note));
    st.exchange(soci::into(r.title));
    st.exchange(soci::into(r.body));
  }
  core::PageRevision revision() const {
    core::PageRevision out = r;
    out.id = id;
    out.page_id = page_id;
    out.user_id = user_id;
    out.saved_at = instant(saved_at);
    return out;
  }
};

constexpr std::string_view kPageRevisionColumns =
    "SELECT id, page_id, version, COALESCE(user_id, 0), saved_at, note, title, ";

}  // namespace

core::Result<core::StaticPage> SqlStore::save_static_page(core::StaticPage p,
                                                          core::PageRevision revision) {
  return committed<core::StaticPage>([&] {
    return guarded("saving page '" + p.slug + "'", [&]() -> core::Result<core::StaticPage> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      long long id = p.id;
      long long edition_id = p.edition_id;
      const int is_published = p.is_published ? 1 : 0;
      long long updated = p.updated_at.time_since_epoch().count();
      int version = 1;
      if (p.id == 0) {
        sql << "INSERT INTO static_pages (edition_id, slug, title, body, is_published, "
               "footer_position, updated_at, version) VALUES (:e, :slug, :title, :body, :pub, "
               ":footer, :u, 1) RETURNING id",
            soci::use(edition_id), soci::use(p.slug), soci::use(p.title), soci::use(p.body),
            soci::use(is_published), soci::use(p.footer_position), soci::use(updated),
            soci::into(id);
      } else {
        // A save naming the version it was based on changes nothing when another came in between.
        const int based_on = p.version;
        soci::indicator version_ind = soci::i_null;
        soci::statement st =
            (sql.prepare << "UPDATE static_pages SET slug = :slug, title = :title, body = :body, "
                            "is_published = :pub, footer_position = :footer, updated_at = :u, "
                            "version = version + 1 WHERE id = :id AND (:v = 0 OR version = :w) "
                            "RETURNING edition_id, version",
             soci::use(p.slug), soci::use(p.title), soci::use(p.body), soci::use(is_published),
             soci::use(p.footer_position), soci::use(updated), soci::use(id), soci::use(based_on),
             soci::use(based_on), soci::into(edition_id), soci::into(version, version_ind));
        if (!st.execute(true) || version_ind != soci::i_ok) {
          long long exists = 0;
          sql << "SELECT COUNT(*) FROM static_pages WHERE id = :id", soci::use(id),
              soci::into(exists);
          if (exists == 0) {
            return core::fail(core::not_found("page " + std::to_string(p.id) + " not found"));
          }
          return core::fail(core::conflict(
              "someone else saved this page after version " + std::to_string(based_on), "version"));
        }
      }
      long long user = revision.user_id;
      soci::indicator user_ind = revision.user_id == 0 ? soci::i_null : soci::i_ok;
      long long saved = revision.saved_at.time_since_epoch().count();
      sql << "INSERT INTO static_page_revisions (page_id, version, user_id, saved_at, note, title, "
             "body) VALUES (:p, :v, :u, :at, :note, :title, :body)",
          soci::use(id), soci::use(version), soci::use(user, user_ind), soci::use(saved),
          soci::use(revision.note), soci::use(p.title), soci::use(p.body);
      tr.commit();
      p.id = id;
      p.edition_id = edition_id;
      p.version = version;
      emit({Change::Kind::kPage, id, p.edition_id, 0, {}});
      return p;
    });
  });
}

core::Result<core::StaticPage> SqlStore::static_page(core::Id id) {
  return guarded("reading a page", [&]() -> core::Result<core::StaticPage> {
    Lease lease(*this);
    std::vector<core::StaticPage> out;
    run_cached<PageRow>(lease.session(), lease.cache(),
                        std::string(kPageColumns) + "body FROM static_pages WHERE id = :id",
                        {{{"id", id}}}, [&](const PageRow& row) { out.push_back(row.page()); });
    if (out.empty()) {
      return core::fail(core::not_found("page " + std::to_string(id) + " not found"));
    }
    return std::move(out.front());
  });
}

core::Result<core::StaticPage> SqlStore::static_page_by_slug(core::Id edition_id,
                                                             std::string_view slug) {
  return guarded("reading a page", [&]() -> core::Result<core::StaticPage> {
    Lease lease(*this);
    std::vector<core::StaticPage> out;
    run_cached<PageRow>(
        lease.session(), lease.cache(),
        std::string(kPageColumns) + "body FROM static_pages WHERE edition_id = :e AND slug = :slug",
        {{{"e", edition_id}}, {{"slug", std::string(slug)}}},
        [&](const PageRow& row) { out.push_back(row.page()); });
    if (out.empty()) {
      return core::fail(core::not_found("page " + std::string(slug) + " not found"));
    }
    return std::move(out.front());
  });
}

core::Result<std::vector<core::StaticPage>> SqlStore::static_pages(core::Id edition_id) {
  return guarded("listing pages", [&]() -> core::Result<std::vector<core::StaticPage>> {
    Lease lease(*this);
    std::vector<core::StaticPage> out;
    run_cached<PageRow>(lease.session(), lease.cache(),
                        std::string(kPageColumns) +
                            "'' FROM static_pages WHERE (:e = 0 OR edition_id = :f) "
                            "ORDER BY footer_position = 0, footer_position, title, id",
                        {{{"e", edition_id}, {"f", edition_id}}},
                        [&](const PageRow& row) { out.push_back(row.page()); });
    return out;
  });
}

core::Result<void> SqlStore::delete_static_page(core::Id id) {
  return committed<void>([&] {
    return guarded("deleting a page", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      long long page = id;
      long long edition_id = 0;
      sql << "SELECT edition_id FROM static_pages WHERE id = :id", soci::use(page),
          soci::into(edition_id);
      if (!sql.got_data()) {
        return core::fail(core::not_found("page " + std::to_string(id) + " not found"));
      }
      sql << "DELETE FROM static_pages WHERE id = :id", soci::use(page);
      tr.commit();
      emit({Change::Kind::kPage, id, edition_id, 0, {}});
      return {};
    });
  });
}

core::Result<std::vector<core::PageRevision>> SqlStore::page_revisions(core::Id page_id) {
  return guarded(
      "listing a page's revisions", [&]() -> core::Result<std::vector<core::PageRevision>> {
        Lease lease(*this);
        std::vector<core::PageRevision> out;
        run_cached<PageRevisionRow>(
            lease.session(), lease.cache(),
            std::string(kPageRevisionColumns) +
                "'' FROM static_page_revisions WHERE page_id = :p ORDER BY id DESC",
            {{{"p", page_id}}}, [&](const PageRevisionRow& row) { out.push_back(row.revision()); });
        return out;
      });
}

core::Result<core::PageRevision> SqlStore::page_revision(core::Id id) {
  return guarded("reading a page's revision", [&]() -> core::Result<core::PageRevision> {
    Lease lease(*this);
    std::vector<core::PageRevision> out;
    run_cached<PageRevisionRow>(
        lease.session(), lease.cache(),
        std::string(kPageRevisionColumns) + "body FROM static_page_revisions WHERE id = :id",
        {{{"id", id}}}, [&](const PageRevisionRow& row) { out.push_back(row.revision()); });
    if (out.empty()) {
      return core::fail(core::not_found("revision " + std::to_string(id) + " not found"));
    }
    return std::move(out.front());
  });
}

}  // namespace tapchi::store
