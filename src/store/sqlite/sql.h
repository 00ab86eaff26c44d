// Small helpers over SOCI shared by the store's backends: running a query row by row and turning
// SOCI's exceptions into core::Error. Private to the store module.
#pragma once
#include <exception>
#include <string>
#include <utility>

#include <soci/soci.h>

#include "core/core.h"

namespace tapchi::store {

// Prepares `query`, lets `bind` attach into() and use() elements, and calls `on_row` once per
// fetched row.
template <typename Bind, typename OnRow>
void for_each_row(soci::session& sql, const std::string& query, Bind&& bind, OnRow&& on_row) {
  soci::statement st(sql);
  bind(st);
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    on_row();
  }
}

// Runs `fn` (which returns a core::Result<T>), mapping database exceptions to errors: a violated
// UNIQUE constraint is kConflict, the rest kInternal naming `what`.
template <typename Fn>
auto guarded(std::string_view what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const soci::soci_error& e) {
    const std::string message = e.get_error_message();
    if (message.find("UNIQUE constraint failed") != std::string::npos ||
        message.find("duplicate key") != std::string::npos) {
      return core::fail(core::conflict(std::string(what) + ": already exists (" + message + ")"));
    }
    return core::fail(core::internal(std::string(what) + ": " + message));
  } catch (const std::exception& e) {
    return core::fail(core::internal(std::string(what) + ": " + e.what()));
  }
}

// A write transaction that joins the enclosing one when the session is already inside
// in_transaction(); otherwise BEGIN IMMEDIATE, and ROLLBACK unless committed.
class WriteTransaction {
 public:
  WriteTransaction(soci::session& sql, bool is_nested) : sql_(sql), is_nested_(is_nested) {
    if (!is_nested_) {
      sql_ << "BEGIN IMMEDIATE";
    }
  }
  ~WriteTransaction() {
    if (!is_nested_ && !is_done_) {
      try {
        sql_ << "ROLLBACK";
      } catch (const soci::soci_error&) {  // NOLINT(bugprone-empty-catch): nothing to undo
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    if (!is_nested_) {
      sql_ << "COMMIT";
    }
    is_done_ = true;
  }

 private:
  soci::session& sql_;
  bool is_nested_;
  bool is_done_ = false;
};

// "1,2,3": ids are integers, so joining them into SQL text is safe.
std::string join_ids(const std::vector<core::Id>& ids);

}  // namespace tapchi::store
