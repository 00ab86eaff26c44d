// The API's door: the Content API for reads, the Admin API under /api/v1/admin/.
#include "api/impl.h"

namespace tapchi::api {

Api::Api(ApiOptions options, store::Store& store, const core::Clock& clock, const site::Site& site)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock, site)) {}

Api::~Api() = default;

bool Api::owns(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

namespace {

bool is_admin_path(std::string_view path) {
  return path == "/api/v1/admin" || path.starts_with("/api/v1/admin/");
}

}  // namespace

http::Response Api::handle(const http::Request& request) const {
  return is_admin_path(request.path) ? impl_->write(request) : impl_->read(request);
}

bool Api::may_upload(const http::Request& head) const {
  if (!is_admin_path(head.path)) {
    return false;
  }
  auto holder = impl_->key_of(head);
  const auto* found = std::get_if<accounts::KeyHolder>(&holder);
  return found != nullptr && found->user.has_value();
}

}  // namespace tapchi::api
