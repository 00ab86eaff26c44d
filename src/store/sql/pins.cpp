// The editors' choice of front pages, in SQLite.
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

struct PinRow {
  long long article = 0, until = 0;
  int place = 0;
  soci::indicator until_ind = soci::i_null;
  void bind(soci::statement& st) {
    st.exchange(soci::into(place));
    st.exchange(soci::into(article));
    st.exchange(soci::into(until, until_ind));
  }
};

}  // namespace

core::Result<std::vector<core::Pin>> SqlStore::pins(core::Id edition_id, core::Id section_id) {
  return guarded("reading a front page's pins", [&]() -> core::Result<std::vector<core::Pin>> {
    Lease lease(*this);
    std::vector<core::Pin> out;
    run_cached<PinRow>(lease.session(), lease.cache(),
                       "SELECT place, article_id, until FROM front_pins WHERE edition_id = "
                       ":edition AND section_id = :section ORDER BY place",
                       {{{"edition", edition_id}, {"section", section_id}}}, [&](const PinRow& r) {
                         core::Pin p;
                         p.article_id = r.article;
                         p.place = r.place;
                         if (r.until_ind == soci::i_ok) {
                           p.until = core::Instant{std::chrono::seconds{r.until}};
                         }
                         out.push_back(p);
                       });
    return out;
  });
}

core::Result<void> SqlStore::save_pins(core::Id edition_id, core::Id section_id,
                                       const std::vector<core::Pin>& pins) {
  return committed<void>([&] {
    return guarded("saving a front page's pins", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      long long edition = edition_id;
      long long section = section_id;
      sql << "DELETE FROM front_pins WHERE edition_id = :edition AND section_id = :section",
          soci::use(edition), soci::use(section);
      for (const core::Pin& p : pins) {
        long long article = p.article_id;
        int place = p.place;
        long long until = p.until ? p.until->time_since_epoch().count() : 0;
        soci::indicator until_ind = p.until ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO front_pins (edition_id, section_id, place, article_id, until) "
               "VALUES (:edition, :section, :place, :article, :until)",
            soci::use(edition), soci::use(section), soci::use(place), soci::use(article),
            soci::use(until, until_ind);
      }
      tr.commit();
      emit({Change::Kind::kFront, 0, edition_id, 0, {}});
      return {};
    });
  });
}

}  // namespace tapchi::store
