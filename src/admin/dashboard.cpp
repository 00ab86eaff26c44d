// The dashboard: what needs doing, for the signed-in account's role, and how the journal is read.
#include <chrono>
#include <map>

#include "admin/impl.h"
#include "render/render.h"
#include "site/site.h"

namespace tapchi::admin {

namespace {

constexpr int kListed = 8;      // articles, edits and most read shown per block
constexpr int kChartDays = 30;  // days of the readership charts

// One day of the charts: its number (YYYYMMDD), its noon (to name it) and the two counts.
struct Day {
  int number = 0;
  core::Instant noon{};
  std::int64_t views = 0;
  std::int64_t comments = 0;
};

}  // namespace

http::Response Admin::Impl::dashboard(const http::Request& req) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  const Language lang = language(&*who);
  const core::Zone z = zone();
  const core::DateStyle style = date_style(lang);
  const core::Instant now = clock.now();
  const core::Id me = who->user.id;
  const bool keeps_journal = newsroom::may_keep_journal(who->user);
  auto editions = store.editions();
  auto users = store.users();
  if (!editions || !users) {
    return unavailable(&*who, !editions ? editions.error().message : users.error().message);
  }
  std::map<core::Id, const core::Edition*> edition_of;
  for (const core::Edition& e : *editions) {
    edition_of[e.id] = &e;
  }
  std::map<core::Id, std::string> user_names;
  for (const core::User& u : *users) {
    user_names[u.id] = u.name.empty() ? u.email : u.name;
  }
  const auto article_item = [&](const core::Article& a) {
    mustache::data item;
    item.set("title", a.title);
    item.set("href", "/admin/articles/" + std::to_string(a.id));
    item.set("edition", edition_of.contains(a.edition_id) ? edition_of[a.edition_id]->code : "");
    return item;
  };
  // A block of articles: the first kListed the filter finds, and how many it finds in all.
  const auto articles_block = [&](store::ArticleFilter f, mustache::data& d,
                                  std::string_view name) -> core::Result<int> {
    f.now = now;
    f.limit = kListed;
    if (who->user.role == core::Role::kContributor) {
      f.visible_to = me;
    }
    auto found = store.filter_articles(f);
    if (!found) {
      return core::fail(found.error());
    }
    mustache::data items(mustache::data::type::list);
    for (const core::Article& a : found->items) {
      mustache::data item = article_item(a);
      if (f.status == core::ArticleStatus::kScheduled && a.published_at) {
        item.set("detail",
                 say(lang, "publishes_at", core::format_datetime(*a.published_at, z, style),
                     core::format_relative(*a.published_at, now, style)));
      } else if (a.created_by != 0 && a.created_by != me && user_names.contains(a.created_by)) {
        item.set("detail", user_names[a.created_by]);
      }
      items.push_back(item);
    }
    d.set(std::string(name), items);
    d.set("has_" + std::string(name), !found->items.empty());
    return found->total;
  };
  mustache::data d;
  d.set("intro",
        say(lang, "session_ends", user_names[me], who->user.email, role_label(lang, who->user.role),
            core::format_datetime(who->session.expires_at, z, style)));
  mustache::data new_links(mustache::data::type::list);
  for (const core::Edition& e : *editions) {
    mustache::data link;
    link.set("href", "/admin/articles/new?edition=" + std::to_string(e.id));
    link.set("label", say(lang, "new_article_in", e.name.empty() ? e.code : e.name));
    new_links.push_back(link);
  }
  d.set("new_links", new_links);

  store::ArticleFilter review;
  review.status = core::ArticleStatus::kReview;
  if (!keeps_journal) {
    review.created_by = me;  // their own, waiting for an editor
  }
  auto in_review = articles_block(review, d, "review");
  store::ArticleFilter drafts;
  drafts.status = core::ArticleStatus::kDraft;
  drafts.created_by = me;
  auto my_drafts = articles_block(drafts, d, "drafts");
  store::ArticleFilter scheduled;
  scheduled.status = core::ArticleStatus::kScheduled;
  scheduled.is_soonest_first = true;
  auto next_scheduled = articles_block(scheduled, d, "scheduled");
  if (!in_review || !my_drafts || !next_scheduled) {
    return unavailable(&*who, "listing the dashboard's articles failed");
  }
  d.set("review_heading",
        std::string(text(lang, keeps_journal ? Text("review_queue") : Text("my_reviews"))));
  if (*in_review > kListed) {
    d.set("review_more", say(lang, "all_in_review", *in_review));
  }
  if (*my_drafts > kListed) {
    d.set("drafts_more", say(lang, "all_my_drafts", *my_drafts));
  }

  if (keeps_journal) {
    store::CommentQuery pending{core::CommentStatus::kPending, 1, 0};
    auto newest = store.find_comments(pending);
    if (!newest) {
      return unavailable(&*who, newest.error().message);
    }
    d.set("moderates", true);
    if (newest->total > 0) {
      pending.offset = newest->total - 1;
      auto oldest = store.find_comments(pending);
      if (!oldest) {
        return unavailable(&*who, oldest.error().message);
      }
      d.set("waiting",
            say(lang, "comments_waiting_count", newest->total,
                oldest->items.empty()
                    ? std::string()
                    : core::format_relative(oldest->items.front().created_at, now, style)));
    }
  }

  auto edits = store.recent_revisions(me, kListed * 3);
  if (!edits) {
    return unavailable(&*who, edits.error().message);
  }
  mustache::data edit_items(mustache::data::type::list);
  int shown_edits = 0;
  for (const core::Revision& r : *edits) {
    if (shown_edits == kListed) {
      break;
    }
    if (who->user.role == core::Role::kContributor) {
      // Others' unpublished work is not a contributor's to read.
      auto a = store.article(r.article_id);
      if (!a || (a->created_by != me && !a->is_visible_at(now))) {
        continue;
      }
    }
    mustache::data item;
    item.set("title", r.title);
    item.set("href", "/admin/revisions/" + std::to_string(r.id));
    item.set("detail", say(lang, "edit_by", core::format_relative(r.saved_at, now, style),
                           user_names.contains(r.user_id) ? user_names[r.user_id] : "?"));
    item.set("iso", core::format_iso8601(r.saved_at));
    edit_items.push_back(item);
    ++shown_edits;
  }
  d.set("edits", edit_items);
  d.set("has_edits", shown_edits > 0);

  // Readership: the last 30 local days, today last.
  const core::Zone::Local today = z.local(now);
  const core::Instant today_noon = z.from_local(today.year, today.month, today.day, 12, 0);
  std::vector<Day> days;
  for (int back = kChartDays - 1; back >= 0; --back) {
    // Noon minus whole days is within an hour of that day's noon, whatever daylight saving does.
    const core::Instant noon = today_noon - std::chrono::hours{24 * back};
    days.push_back({core::day_number(noon, z), noon, 0, 0});
  }
  auto views = store.views_per_day(days.front().number, days.back().number);
  const core::Zone::Local first = z.local(days.front().noon);
  auto comment_counts =
      store.comments_per_quarter_hour(z.from_local(first.year, first.month, first.day, 0, 0));
  const int week_start = days[days.size() - 7].number;
  auto read_today = store.most_read(0, days.back().number, now, kListed);
  auto read_week = store.most_read(0, week_start, now, kListed);
  if (!views || !comment_counts || !read_today || !read_week) {
    return unavailable(&*who, "reading the readership failed");
  }
  std::map<int, Day*> by_number;
  for (Day& day : days) {
    by_number[day.number] = &day;
  }
  for (const auto& [number, n] : *views) {
    if (by_number.contains(number)) {
      by_number[number]->views = n;
    }
  }
  for (const auto& [quarter, n] : *comment_counts) {
    if (const auto it = by_number.find(core::day_number(quarter, z)); it != by_number.end()) {
      it->second->comments += n;
    }
  }
  render::BarChart views_chart{std::string(text(lang, "views_30_days")), {}, 7};
  render::BarChart comments_chart{std::string(text(lang, "comments_30_days")), {}, 7};
  mustache::data rows(mustache::data::type::list);
  std::int64_t total_views = 0;
  std::int64_t total_comments = 0;
  for (const Day& day : days) {
    const core::Zone::Local l = z.local(day.noon);
    const std::string label =
        style == core::DateStyle::kEnglish
            ? core::format_date(day.noon, z, style).substr(0, 3) + " " + std::to_string(l.day)
            : fmt::format("{:02}/{:02}", l.day, l.month);
    const std::string title = core::format_date(day.noon, z, style);
    views_chart.bars.push_back({label, title, day.views});
    comments_chart.bars.push_back({label, title, day.comments});
    mustache::data row;
    row.set("day", title);
    row.set("views", render::grouped_number(day.views));
    row.set("comments", render::grouped_number(day.comments));
    rows.push_back(row);
    total_views += day.views;
    total_comments += day.comments;
  }
  d.set("views_chart", render::bar_chart_svg(views_chart));
  d.set("comments_chart", render::bar_chart_svg(comments_chart));
  d.set("views_total", say(lang, "in_total", render::grouped_number(total_views)));
  d.set("comments_total", say(lang, "in_total", render::grouped_number(total_comments)));
  d.set("days", rows);
  const auto most_read = [&](const auto& ranked, std::string_view name) {
    mustache::data items(mustache::data::type::list);
    for (const auto& [a, n] : ranked) {
      mustache::data item = article_item(a);
      if (edition_of.contains(a.edition_id)) {
        item.set("public_href", site::article_href(*edition_of[a.edition_id], a));
      }
      item.set("detail", say(lang, "views_count", render::grouped_number(n)));
      items.push_back(item);
    }
    d.set(std::string(name), items);
    d.set("has_" + std::string(name), !ranked.empty());
  };
  most_read(*read_today, "read_today");
  most_read(*read_week, "read_week");
  const auto done = req.query_param("done");
  std::string notice;
  if (done && *done == "password") {
    notice = text(lang, "password_changed");
  } else if (done && *done == "language") {
    notice = text(lang, "language_saved");
  }
  return page(200, "dashboard", d, &*who, std::string(text(lang, "dashboard")), notice);
}

}  // namespace tapchi::admin
