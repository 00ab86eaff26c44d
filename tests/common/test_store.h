// The store a unit test runs on: a private in-memory SQLite database or, when the environment's
// TAPCHI_TEST_POSTGRES names the file holding a throwaway cluster's URL (ctest's `postgres`
// fixture, scripts/postgres.sh), a fresh PostgreSQL database of the test's own. ctest runs each
// test of a module twice, once on each.
#pragma once
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "store/store.h"

namespace tapchi {

// ":memory:", or the URL of a new, empty PostgreSQL database.
inline std::string test_database() {
  const char* file = std::getenv("TAPCHI_TEST_POSTGRES");
  if (file == nullptr || *file == '\0') {
    return ":memory:";
  }
  std::ifstream in(file);
  std::string server;
  std::getline(in, server);
  if (server.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL URL in ") + file);
  }
  static int made = 0;
  const std::string url =
      server + "/test_" + std::to_string(::getpid()) + "_" + std::to_string(++made);
  if (auto created = store::create_postgres_database(url); !created) {
    throw std::runtime_error(created.error().describe());
  }
  return url;
}

inline bool is_testing_postgres() {
  const char* file = std::getenv("TAPCHI_TEST_POSTGRES");
  return file != nullptr && *file != '\0';
}

inline core::Result<std::unique_ptr<store::Store>> open_test_store(
    const store::StoreOptions& options = {}) {
  return store::open(test_database(), options);
}

}  // namespace tapchi
