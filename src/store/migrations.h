// The schema, as an ordered list of migrations. Each runs once, in its own transaction, and is
// recorded in schema_migrations(version, applied_at). Never edit a migration that has shipped:
// add the next one.
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace tapchi::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // portable SQL, statements separated by ";\n"; {id} is the backend's
                         // auto-increment primary key type
  bool rebuilds_search = false;        // the backend fills the search index again after it
  std::string_view postgres_sql = {};  // PostgreSQL's statements where its dialect differs
};

std::span<const Migration> migrations();

// The statements of `m` for a backend whose auto-increment key type is `id_type`, in PostgreSQL's
// dialect when `is_postgres`.
std::string statements_for(const Migration& m, std::string_view id_type, bool is_postgres = false);

}  // namespace tapchi::store
