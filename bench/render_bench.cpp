// Uncached render times of the public pages of a journal, e.g. one written by
// `tapchi demo --articles 100000`:  bench_render --config JOURNAL/tapchi.toml [benchmark flags]
// The page cache is off, so every iteration asks the store and renders the theme.
#include <cstdlib>
#include <iostream>
#include <string>

#include <benchmark/benchmark.h>

#include "app/commands.h"
#include "app/config.h"
#include "render/render.h"
#include "site/site.h"

namespace {

using namespace tapchi;

struct Journal {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<site::Site> site;
  std::unique_ptr<site::Site> tag_ranked;  // related articles by tags alone
  core::SystemClock clock;
  std::string article_path;  // an article from the middle of the English edition
  std::string section_path;
};

Journal* journal = nullptr;

[[noreturn]] void die(const core::Error& e) {
  std::cerr << "bench_render: " << e.describe() << "\n";
  std::exit(1);
}

template <typename T>
T need(core::Result<T> r) {
  if (!r) {
    die(r.error());
  }
  return std::move(r).value();
}

void open(const std::string& config_file) {
  const app::Config config = need(app::load_config(config_file));
  journal = new Journal;
  journal->store = need(app::open_journal(config));
  store::Store& s = *journal->store;
  site::SiteOptions options{config.site_name, config.base_url,
                            need(core::Zone::locate(config.time_zone)), config.media_dir()};
  options.cache_budget_bytes = 0;
  journal->site =
      need(site::Site::create(options, s, need(render::Theme::load(std::nullopt)), journal->clock));
  options.related_by_content = false;
  journal->tag_ranked =
      need(site::Site::create(options, s, need(render::Theme::load(std::nullopt)), journal->clock));
  const auto editions = need(s.editions());
  const core::Edition& e = editions.back();
  store::ArticleQuery q;
  q.edition_id = e.id;
  q.now = journal->clock.now();
  q.limit = 1;
  const int total = need(s.find_articles(q)).total;
  q.offset = total / 2;
  const core::Article a = need(s.find_articles(q)).items.at(0);
  journal->article_path = site::article_href(e, a);
  journal->section_path = site::section_href(e, need(s.section(a.section_id)).slug);
  std::cerr << "journal: " << total << " articles in edition '" << e.code
            << "'; article page: " << journal->article_path << "\n";
}

void render(benchmark::State& state, const std::string& path, const site::Site& site) {
  http::Request request;
  request.method_name = "GET";
  request.target = path;
  request.path = path;
  for (auto _ : state) {
    http::Response r = site.handle(request);
    if (r.status != 200) {
      state.SkipWithError(("status " + std::to_string(r.status) + " for " + path).c_str());
      break;
    }
    benchmark::DoNotOptimize(r.body.data());
  }
}

void BM_ArticlePage(benchmark::State& state) {
  render(state, journal->article_path, *journal->site);
}
void BM_ArticlePageTagRanked(benchmark::State& state) {
  render(state, journal->article_path, *journal->tag_ranked);
}
void BM_SectionPage(benchmark::State& state) {
  render(state, journal->section_path, *journal->site);
}
void BM_HomePage(benchmark::State& state) { render(state, "/en/", *journal->site); }

BENCHMARK(BM_ArticlePage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ArticlePageTagRanked)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SectionPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HomePage)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string config_file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config_file = argv[++i];
    } else if (arg.starts_with("--config=")) {
      config_file = arg.substr(9);
    } else {
      std::cerr << "usage: bench_render --config JOURNAL/tapchi.toml [--benchmark_...]\n";
      return 2;
    }
  }
  if (config_file.empty()) {
    std::cerr << "usage: bench_render --config JOURNAL/tapchi.toml [--benchmark_...]\n";
    return 2;
  }
  open(config_file);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
