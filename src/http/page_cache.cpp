#include <atomic>
#include <cstring>
#include <ctime>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <brotli/encode.h>
#include <fmt/format.h>
#include <zlib.h>

#include "http/http.h"

namespace tapchi::http {

namespace {

constexpr std::size_t kShards = 16;
constexpr int kBrotliQuality = 5;  // rebuilt once a minute per page: speed over the last bytes
constexpr std::string_view kGzipHeader{"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10};

// Raw deflate of `text`: ending with a full flush (byte-aligned, history reset) when more
// blocks follow, or with the final block.
std::string deflate_raw(std::string_view text, bool is_last) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, is_last ? Z_FINISH : Z_FULL_FLUSH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::uint32_t crc_of(std::string_view text) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

std::string brotli(std::string_view text) {
  std::size_t size = BrotliEncoderMaxCompressedSize(text.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(),
                        reinterpret_cast<const uint8_t*>(text.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string hex64(std::string_view a, std::string_view b) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a over both parts
  for (const std::string_view part : {a, b}) {
    for (const char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", hash);
}

// The clock of one slot for one minute, ready to splice into identity and gzip bodies.
struct ClockPiece {
  std::int64_t minute = 0;
  std::string text;
  std::string stored_block;  // a non-final stored deflate block holding `text`
  std::uint32_t crc = 0;
  unsigned long crc_op = 0;  // crc32_combine_gen(text.size())
};

std::shared_ptr<const ClockPiece> make_piece(std::int64_t minute, std::string text) {
  auto p = std::make_shared<ClockPiece>();
  p->minute = minute;
  const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(text.size(), 65535));
  text.resize(n);
  p->stored_block.push_back('\0');  // BFINAL=0, BTYPE=00, padded to the byte
  p->stored_block.push_back(static_cast<char>(n & 0xff));
  p->stored_block.push_back(static_cast<char>(n >> 8));
  p->stored_block.push_back(static_cast<char>(~n & 0xff));
  p->stored_block.push_back(static_cast<char>((~n >> 8) & 0xff));
  p->stored_block += text;
  p->crc = crc_of(text);
  p->crc_op = crc32_combine_gen(static_cast<z_off_t>(text.size()));
  p->text = std::move(text);
  return p;
}

enum class Encoding { kIdentity, kGzip, kBrotli };

}  // namespace

bool accepts_coding(std::string_view accept, std::string_view coding) {
  std::size_t pos = 0;
  while (pos < accept.size()) {
    auto comma = accept.find(',', pos);
    if (comma == std::string_view::npos) {
      comma = accept.size();
    }
    std::string_view item = accept.substr(pos, comma - pos);
    pos = comma + 1;
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    const auto semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') {
      name.remove_suffix(1);
    }
    if (name != coding) {
      continue;
    }
    if (semi == std::string_view::npos) {
      return true;
    }
    const auto q = item.find("q=", semi);
    return q == std::string_view::npos ||
           std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0.0;
  }
  return false;
}

struct Entry {
  std::string key;
  int status = 200;
  std::string content_type;
  std::string cache_control;
  std::string head;  // identity bytes before the clock (the whole page when there is none)
  std::string tail;  // identity bytes after the clock
  bool has_clock = false;
  int clock_slot = 0;
  std::string gzip_head;  // gzip header + deflate(head), full flush
  std::string gzip_tail;  // deflate(tail), final block
  std::uint32_t crc_head = 0;
  std::uint32_t crc_tail = 0;
  unsigned long crc_tail_op = 0;
  std::string etag_base;
  std::int64_t created = 0;  // unix seconds
  std::vector<std::string> tags;
  std::int64_t view_of = 0;
  std::size_t bytes = 0;
  // The brotli body of the page as shown in `minute`; rebuilt on the first request of a minute.
  struct Brotli {
    std::int64_t minute;
    std::string bytes;
  };
  mutable std::atomic<std::shared_ptr<const Brotli>> brotli;
};

struct PageCache::Impl {
  struct Shard {
    std::mutex mutex;
    std::list<std::shared_ptr<const Entry>> lru;  // most recent first
    std::unordered_map<std::string, std::list<std::shared_ptr<const Entry>>::iterator> index;
    std::size_t bytes = 0;
  };

  std::size_t budget_per_shard;
  ClockText clock_text;
  std::array<Shard, kShards> shards;
  std::atomic<std::uint64_t> generation{1};
  std::mutex tags_mutex;                                           // guards tags
  std::map<std::string, std::set<std::string>, std::less<>> tags;  // tag → keys
  std::atomic<std::uint64_t> hits{0}, misses{0}, evictions{0};
  // The current clock piece of each slot.
  std::array<std::atomic<std::shared_ptr<const ClockPiece>>, 8> clocks;

  Shard& shard_of(std::string_view key) {
    return shards[std::hash<std::string_view>{}(key) % kShards];
  }

  std::shared_ptr<const ClockPiece> clock(int slot, std::int64_t minute) {
    auto& cell = clocks[static_cast<std::size_t>(slot) % clocks.size()];
    auto piece = cell.load(std::memory_order_acquire);
    if (!piece || piece->minute != minute) {
      piece = make_piece(minute, clock_text(slot, minute));
      cell.store(piece, std::memory_order_release);
    }
    return piece;
  }

  // Removes `key` from its shard; the caller holds no shard lock.
  void erase(const std::string& key) {
    Shard& s = shard_of(key);
    const std::lock_guard lock(s.mutex);
    const auto found = s.index.find(key);
    if (found != s.index.end()) {
      s.bytes -= (*found->second)->bytes;
      s.lru.erase(found->second);
      s.index.erase(found);
    }
  }

  void forget_tags(const Entry& e) {
    const std::lock_guard lock(tags_mutex);
    for (const std::string& tag : e.tags) {
      const auto t = tags.find(tag);
      if (t != tags.end()) {
        t->second.erase(e.key);
        if (t->second.empty()) {
          tags.erase(t);
        }
      }
    }
  }
};

PageCache::PageCache(std::size_t budget_bytes, ClockText clock_text)
    : impl_(std::make_unique<Impl>()) {
  impl_->budget_per_shard = budget_bytes / kShards;
  impl_->clock_text = std::move(clock_text);
}

PageCache::~PageCache() = default;

std::uint64_t PageCache::generation() const { return impl_->generation.load(); }

void PageCache::insert(std::string key, PageToCache page, std::uint64_t generation,
                       std::int64_t minute) {
  auto e = std::make_shared<Entry>();
  e->key = key;
  e->status = page.status;
  e->content_type = std::move(page.content_type);
  e->cache_control = std::move(page.cache_control);
  const auto at = page.clock_text.empty() ? std::string::npos : page.html.find(page.clock_text);
  e->has_clock = at != std::string::npos;
  e->clock_slot = page.clock_slot;
  e->view_of = page.view_of;
  if (e->has_clock) {
    e->head = page.html.substr(0, at);
    e->tail = page.html.substr(at + page.clock_text.size());
  } else {
    e->head = std::move(page.html);
  }
  e->gzip_head = std::string(kGzipHeader) + deflate_raw(e->head, !e->has_clock);
  if (e->has_clock) {
    e->gzip_tail = deflate_raw(e->tail, true);
  }
  e->crc_head = crc_of(e->head);
  e->crc_tail = crc_of(e->tail);
  e->crc_tail_op = crc32_combine_gen(static_cast<z_off_t>(e->tail.size()));
  e->etag_base = hex64(e->head, e->tail);
  e->created = minute * 60;
  e->tags = std::move(page.tags);
  e->bytes = key.size() + e->head.size() + e->tail.size() + e->gzip_head.size() +
             e->gzip_tail.size() + (e->head.size() + e->tail.size()) / 5 + 256;

  Impl& impl = *impl_;
  {
    // Registered under the tags lock and checked against the generation there, so that an
    // invalidation either sees this page or has bumped the generation first.
    const std::lock_guard lock(impl.tags_mutex);
    if (impl.generation.load() != generation) {
      return;  // something it shows changed while it was rendered
    }
    for (const std::string& tag : e->tags) {
      impl.tags[tag].insert(key);
    }
    Impl::Shard& s = impl.shard_of(key);
    const std::lock_guard shard_lock(s.mutex);
    if (const auto old = s.index.find(key); old != s.index.end()) {
      s.bytes -= (*old->second)->bytes;
      s.lru.erase(old->second);
      s.index.erase(old);
    }
    s.lru.push_front(e);
    s.index[key] = s.lru.begin();
    s.bytes += e->bytes;
    while (s.bytes > impl.budget_per_shard && s.lru.size() > 1) {
      auto victim = s.lru.back();
      s.bytes -= victim->bytes;
      s.index.erase(victim->key);
      s.lru.pop_back();
      ++impl.evictions;
      for (const std::string& tag : victim->tags) {
        const auto t = impl.tags.find(tag);
        if (t != impl.tags.end()) {
          t->second.erase(victim->key);
        }
      }
    }
  }
}

void PageCache::invalidate(std::string_view tag) {
  Impl& impl = *impl_;
  std::set<std::string> keys;
  {
    const std::lock_guard lock(impl.tags_mutex);
    ++impl.generation;
    const auto t = impl.tags.find(tag);
    if (t == impl.tags.end()) {
      return;
    }
    keys = std::move(t->second);
    impl.tags.erase(t);
  }
  for (const std::string& key : keys) {
    impl.erase(key);
  }
}

void PageCache::clear() {
  Impl& impl = *impl_;
  const std::lock_guard lock(impl.tags_mutex);
  ++impl.generation;
  impl.tags.clear();
  for (Impl::Shard& s : impl.shards) {
    const std::lock_guard shard_lock(s.mutex);
    s.lru.clear();
    s.index.clear();
    s.bytes = 0;
  }
  for (auto& cell : impl.clocks) {
    cell.store(nullptr);
  }
}

PageCache::Stats PageCache::stats() const {
  Stats st;
  for (Impl::Shard& s : impl_->shards) {
    const std::lock_guard lock(s.mutex);
    st.entries += s.index.size();
    st.bytes += s.bytes;
  }
  st.hits = impl_->hits.load();
  st.misses = impl_->misses.load();
  st.evictions = impl_->evictions.load();
  return st;
}

std::optional<Response> PageCache::serve(std::string_view key, const Request& req,
                                         std::int64_t minute) {
  Impl& impl = *impl_;
  std::shared_ptr<const Entry> e;
  {
    Impl::Shard& s = impl.shard_of(key);
    const std::lock_guard lock(s.mutex);
    const auto found = s.index.find(std::string(key));
    if (found == s.index.end()) {
      ++impl.misses;
      return std::nullopt;
    }
    s.lru.splice(s.lru.begin(), s.lru, found->second);
    e = *found->second;
  }
  ++impl.hits;
  std::shared_ptr<const ClockPiece> clock;
  if (e->has_clock) {
    clock = impl.clock(e->clock_slot, minute);
  }
  const std::string_view accept = req.header("accept-encoding");
  const Encoding encoding = accepts_coding(accept, "br")     ? Encoding::kBrotli
                            : accepts_coding(accept, "gzip") ? Encoding::kGzip
                                                             : Encoding::kIdentity;
  static constexpr std::array<std::string_view, 3> kSuffix{"", "-gz", "-br"};
  const std::string etag = fmt::format("\"{}{}{}\"", e->etag_base,
                                       e->has_clock ? fmt::format("-{}", minute) : std::string(),
                                       kSuffix[static_cast<std::size_t>(encoding)]);
  const std::int64_t modified = e->has_clock ? std::max(e->created, minute * 60) : e->created;

  Response r;
  r.status = e->status;
  r.view_of = e->view_of;
  r.set("Cache-Control", e->cache_control);
  r.set("ETag", etag);
  r.set("Last-Modified", http_date(modified));
  r.set("Vary", "Accept-Encoding");
  if (e->status == 200 && is_fresh(req, etag, modified)) {
    r.status = 304;
    return r;
  }
  r.set("Content-Type", e->content_type);
  r.owner = e;
  switch (encoding) {
    case Encoding::kIdentity:
      r.parts = {e->head};
      if (clock) {
        r.owner = std::make_shared<
            std::pair<std::shared_ptr<const Entry>, std::shared_ptr<const ClockPiece>>>(e, clock);
        r.parts.push_back(clock->text);
        r.parts.push_back(e->tail);
      }
      break;
    case Encoding::kGzip: {
      r.set("Content-Encoding", "gzip");
      r.parts = {e->gzip_head};
      std::uint32_t crc = e->crc_head;
      std::uint64_t size = e->head.size();
      if (clock) {
        r.owner = std::make_shared<
            std::pair<std::shared_ptr<const Entry>, std::shared_ptr<const ClockPiece>>>(e, clock);
        r.parts.push_back(clock->stored_block);
        r.parts.push_back(e->gzip_tail);
        crc = static_cast<std::uint32_t>(crc32_combine_op(crc, clock->crc, clock->crc_op));
        crc = static_cast<std::uint32_t>(crc32_combine_op(crc, e->crc_tail, e->crc_tail_op));
        size += clock->text.size() + e->tail.size();
      }
      char trailer[8];
      for (int i = 0; i < 4; ++i) {
        trailer[i] = static_cast<char>((crc >> (8 * i)) & 0xff);
        trailer[4 + i] = static_cast<char>((size >> (8 * i)) & 0xff);
      }
      r.body.assign(trailer, sizeof trailer);
      break;
    }
    case Encoding::kBrotli: {
      r.set("Content-Encoding", "br");
      auto current = e->brotli.load(std::memory_order_acquire);
      if (!current || current->minute != minute) {
        const std::string page = clock ? e->head + clock->text + e->tail : e->head;
        current = std::make_shared<const Entry::Brotli>(Entry::Brotli{minute, brotli(page)});
        e->brotli.store(current, std::memory_order_release);
      }
      r.owner = std::make_shared<
          std::pair<std::shared_ptr<const Entry>, std::shared_ptr<const Entry::Brotli>>>(e,
                                                                                         current);
      r.parts = {current->bytes};
      break;
    }
  }
  return r;
}

std::string http_date(std::int64_t unix_seconds) {
  static constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} GMT", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace tapchi::http
