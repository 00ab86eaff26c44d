#include <algorithm>
#include <cctype>
#include <semaphore>
#include <thread>

#include <sodium.h>

#include "accounts/accounts.h"

namespace tapchi::accounts {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

namespace {

// Argon2id takes 64 MiB and about 0.1 s per password: at most as many run at once as there are
// cores, so that a burst of sign-ins cannot take the server's memory.
class HashingSlot {
 public:
  HashingSlot() { slots().acquire(); }
  ~HashingSlot() { slots().release(); }
  HashingSlot(const HashingSlot&) = delete;
  HashingSlot& operator=(const HashingSlot&) = delete;

 private:
  static std::counting_semaphore<64>& slots() {
    static std::counting_semaphore<64> s(
        static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u)));
    return s;
  }
};

int count_characters(std::string_view utf8) {
  return static_cast<int>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation byte
  }));
}

}  // namespace

std::string normalize_email(std::string_view email) {
  const auto first = email.find_first_not_of(" \t");
  const auto last = email.find_last_not_of(" \t");
  std::string address(first == std::string_view::npos ? std::string_view{}
                                                      : email.substr(first, last - first + 1));
  std::transform(address.begin(), address.end(), address.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return address;
}

core::Result<void> check_password(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return core::fail(core::invalid("is longer than 1024 bytes", "password"));
  }
  if (!core::is_valid_utf8(password)) {
    return core::fail(core::invalid("is not valid UTF-8", "password"));
  }
  if (std::any_of(password.begin(), password.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return core::fail(core::invalid("holds control characters", "password"));
  }
  if (count_characters(password) < kMinPasswordCharacters) {
    return core::fail(core::invalid(
        "needs at least " + std::to_string(kMinPasswordCharacters) + " characters", "password"));
  }
  return {};
}

core::Result<std::string> hash_password(std::string_view password) {
  if (!sodium_ready()) {
    return core::fail(core::internal("libsodium could not be initialised"));
  }
  std::string hash(crypto_pwhash_STRBYTES, '\0');
  const HashingSlot slot;
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return core::fail(core::internal("out of memory while hashing the password"));
  }
  hash.resize(std::char_traits<char>::length(hash.c_str()));
  return hash;
}

bool verify_password(const std::string& hash, std::string_view password) {
  if (!sodium_ready() || hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  const HashingSlot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {

// Writes a new account with its audit line ("user-add", `detail`) in one transaction.
core::Result<core::User> save_new_user(store::Store& store, core::User user,
                                       const std::string& detail, const core::Clock& clock) {
  auto done = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto saved = s.save_user(user);
    if (!saved) {
      return core::fail(saved.error());
    }
    user = *saved;
    auto logged = s.record({0, clock.now(), 0, "user-add", "user " + user.email, detail});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    if (done.error().code == core::ErrorCode::kConflict) {
      return core::fail(
          core::conflict("a user with the email " + user.email + " already exists", "email"));
    }
    return core::fail(done.error());
  }
  return user;
}

core::Result<std::string> checked_email(std::string_view email, std::string_view name) {
  std::string address = normalize_email(email);
  if (!core::is_plausible_email(address)) {
    return core::fail(core::invalid("'" + address + "' is not an email address", "email"));
  }
  if (!core::is_valid_utf8(name)) {
    return core::fail(core::invalid("is not valid UTF-8", "name"));
  }
  return address;
}

}  // namespace

core::Result<core::User> add_user(store::Store& store, std::string_view email, std::string name,
                                  core::Role role, std::string_view password,
                                  const core::Clock& clock, std::string language) {
  auto address = checked_email(email, name);
  if (!address) {
    return core::fail(address.error());
  }
  if (!language.empty() && language != "vi" && language != "en") {
    return core::fail(
        core::invalid("the back office speaks vi or en, not '" + language + "'", "language"));
  }
  if (auto ok = check_password(password); !ok) {
    return core::fail(ok.error());
  }
  auto hash = hash_password(password);
  if (!hash) {
    return core::fail(hash.error());
  }
  return save_new_user(store,
                       {0, std::move(*address), std::move(name), role, std::move(*hash), true,
                        clock.now(), std::move(language)},
                       "role " + std::string(core::role_name(role)), clock);
}

core::Result<core::User> add_unclaimed_user(store::Store& store, std::string_view email,
                                            std::string name, core::Role role,
                                            const core::Clock& clock, std::string_view detail) {
  auto address = checked_email(email, name);
  if (!address) {
    return core::fail(address.error());
  }
  // "!" is no Argon2id hash: verify_password() never accepts it.
  return save_new_user(
      store, {0, std::move(*address), std::move(name), role, "!", false, clock.now(), ""},
      "role " + std::string(core::role_name(role)) + ", disabled: " + std::string(detail), clock);
}

core::Result<core::User> set_password(store::Store& store, std::string_view email,
                                      std::string_view password, const core::Clock& clock) {
  if (auto ok = check_password(password); !ok) {
    return core::fail(ok.error());
  }
  auto user = store.user_by_email(normalize_email(email));
  if (!user) {
    return user;
  }
  auto hash = hash_password(password);
  if (!hash) {
    return core::fail(hash.error());
  }
  user->password_hash = std::move(*hash);
  auto done = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_user(*user); !saved) {
      return core::fail(saved.error());
    }
    if (auto ended = s.delete_sessions_of(user->id); !ended) {
      return ended;
    }
    auto logged = s.record(
        {0, clock.now(), 0, "password", "user " + user->email, "set from the command line"});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return user;
}

}  // namespace tapchi::accounts
