// Readers' views per article and day, in SQLite.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

struct CountRow {
  long long key = 0, views = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(key));
    st.exchange(soci::into(views));
  }
};

}  // namespace

core::Result<void> SqlStore::add_views(const std::vector<ViewCount>& counts) {
  if (counts.empty()) {
    return {};
  }
  return guarded("adding readers' views", [&]() -> core::Result<void> {
    Lease lease(*this);
    WriteTransaction tr(lease.session(), lease.is_pinned());
    for (const ViewCount& c : counts) {
      // An article deleted since it was read takes no row (its foreign key would refuse it).
      write_cached(lease.session(), lease.cache(),
                   "INSERT INTO article_views (article_id, day, views) SELECT :article, :day, "
                   ":views WHERE EXISTS (SELECT 1 FROM articles WHERE id = :exists) "
                   "ON CONFLICT (article_id, day) DO UPDATE SET views = article_views.views + "
                   "excluded.views",
                   {{{"article", c.article_id},
                     {"day", c.day},
                     {"views", c.views},
                     {"exists", c.article_id}}});
    }
    tr.commit();
    return {};
  });
}

core::Result<std::vector<std::pair<core::Article, std::int64_t>>> SqlStore::most_read(
    core::Id edition_id, int first_day, core::Instant now, int limit) {
  using Out = std::vector<std::pair<core::Article, std::int64_t>>;
  return guarded("finding the most read articles", [&]() -> core::Result<Out> {
    Lease lease(*this);
    std::vector<std::pair<core::Id, std::int64_t>> ranked;
    run_cached<CountRow>(
        lease.session(), lease.cache(),
        "SELECT v.article_id, SUM(v.views) AS n FROM article_views v CROSS JOIN articles a WHERE "
        "a.id = v.article_id AND v.day >= :first AND (:edition = 0 OR a.edition_id = :edition) "
        "AND "
        "a.status = 'published' AND a.published_at <= :now GROUP BY v.article_id "
        "ORDER BY n DESC, MAX(a.published_at) DESC, v.article_id DESC LIMIT :limit",
        {{{"first", first_day},
          {"edition", edition_id},
          {"now", now.time_since_epoch().count()},
          {"limit", limit}}},
        [&](const CountRow& r) { ranked.emplace_back(r.key, r.views); });
    std::vector<core::Id> ids;
    for (const auto& [id, views] : ranked) {
      ids.push_back(id);
    }
    std::vector<core::Article> articles = articles_by_ids(lease.session(), lease.cache(), ids);
    Out out;
    for (core::Article& a : articles) {  // in the order of `ids`
      const auto it = std::find_if(ranked.begin(), ranked.end(),
                                   [&](const auto& r) { return r.first == a.id; });
      out.emplace_back(std::move(a), it->second);
    }
    return out;
  });
}

core::Result<std::vector<std::pair<int, std::int64_t>>> SqlStore::views_per_day(int first_day,
                                                                                int last_day) {
  using Out = std::vector<std::pair<int, std::int64_t>>;
  return guarded("counting views per day", [&]() -> core::Result<Out> {
    Lease lease(*this);
    Out out;
    run_cached<CountRow>(lease.session(), lease.cache(),
                         "SELECT day, SUM(views) FROM article_views WHERE day BETWEEN :first AND "
                         ":last GROUP BY day ORDER BY day",
                         {{{"first", first_day}, {"last", last_day}}}, [&](const CountRow& r) {
                           out.emplace_back(static_cast<int>(r.key), r.views);
                         });
    return out;
  });
}

core::Result<std::vector<std::pair<core::Instant, int>>> SqlStore::comments_per_quarter_hour(
    core::Instant from) {
  using Out = std::vector<std::pair<core::Instant, int>>;
  return guarded("counting comments per quarter hour", [&]() -> core::Result<Out> {
    Lease lease(*this);
    Out out;
    // The statuses listed let the (status, created_at) index serve the time range.
    run_cached<CountRow>(
        lease.session(), lease.cache(),
        "SELECT created_at / 900, COUNT(*) FROM comments WHERE status IN ('pending', "
        "'approved', 'spam', 'rejected') AND created_at >= :from AND is_staff = 0 "
        "GROUP BY created_at / 900 ORDER BY 1",
        {{{"from", from.time_since_epoch().count()}}}, [&](const CountRow& r) {
          out.emplace_back(core::Instant{std::chrono::seconds{r.key * 900}},
                           static_cast<int>(r.views));
        });
    return out;
  });
}

}  // namespace tapchi::store
