#include <array>
#include <string>
#include <utility>

#include "core/core.h"

namespace tapchi::core {

Error not_found(std::string message, std::string field) {
  return {ErrorCode::kNotFound, std::move(message), std::move(field)};
}
Error invalid(std::string message, std::string field) {
  return {ErrorCode::kInvalid, std::move(message), std::move(field)};
}
Error conflict(std::string message, std::string field) {
  return {ErrorCode::kConflict, std::move(message), std::move(field)};
}
Error internal(std::string message, std::string field) {
  return {ErrorCode::kInternal, std::move(message), std::move(field)};
}

Error unavailable(std::string message, std::string field) {
  return {ErrorCode::kUnavailable, std::move(message), std::move(field)};
}
Error too_large(std::string message, std::string field) {
  return {ErrorCode::kTooLarge, std::move(message), std::move(field)};
}

Error forbidden(std::string message, std::string field) {
  return {ErrorCode::kForbidden, std::move(message), std::move(field)};
}

namespace {

constexpr std::array<std::pair<ArticleStatus, std::string_view>, 5> kArticleStatuses{{
    {ArticleStatus::kDraft, "draft"},
    {ArticleStatus::kReview, "review"},
    {ArticleStatus::kScheduled, "scheduled"},
    {ArticleStatus::kPublished, "published"},
    {ArticleStatus::kUnpublished, "unpublished"},
}};

constexpr std::array<std::pair<CommentStatus, std::string_view>, 4> kCommentStatuses{{
    {CommentStatus::kPending, "pending"},
    {CommentStatus::kApproved, "approved"},
    {CommentStatus::kSpam, "spam"},
    {CommentStatus::kRejected, "rejected"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::kContributor, "contributor"},
    {Role::kAuthor, "author"},
    {Role::kEditor, "editor"},
    {Role::kAdmin, "admin"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, name] : table) {
    if (value == e) {
      return name;
    }
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
Result<Enum> parse_name(const std::array<std::pair<Enum, std::string_view>, N>& table,
                        std::string_view text, std::string_view what) {
  for (const auto& [value, name] : table) {
    if (name == text) {
      return value;
    }
  }
  std::string known;
  for (const auto& entry : table) {
    known += known.empty() ? "" : ", ";
    known += entry.second;
  }
  return fail(invalid("unknown " + std::string(what) + " '" + std::string(text) +
                      "' (expected one of: " + known + ")"));
}

}  // namespace

std::string_view status_name(ArticleStatus s) { return name_of(kArticleStatuses, s); }
Result<ArticleStatus> parse_status(std::string_view name) {
  return parse_name(kArticleStatuses, name, "article status");
}
std::string_view status_name(CommentStatus s) { return name_of(kCommentStatuses, s); }
Result<CommentStatus> parse_comment_status(std::string_view name) {
  return parse_name(kCommentStatuses, name, "comment status");
}

std::string_view role_name(Role r) { return name_of(kRoles, r); }
Result<Role> parse_role(std::string_view name) { return parse_name(kRoles, name, "role"); }

bool is_plausible_email(std::string_view email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return false;
  }
  for (const char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return false;
    }
  }
  return true;
}

std::string variant_path(std::string_view path, int width, std::string_view extension) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  const bool has_extension =
      dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash);
  const std::string_view stem = has_extension ? path.substr(0, dot) : path;
  const std::string_view own = has_extension ? path.substr(dot + 1) : std::string_view{};
  std::string out(stem);
  out += "-" + std::to_string(width);
  const std::string_view ext = extension.empty() ? own : extension;
  if (!ext.empty()) {
    out += ".";
    out += ext;
  }
  return out;
}

}  // namespace tapchi::core
