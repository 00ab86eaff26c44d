#include "render/labels.h"

#include <string>

#include "render/render.h"

namespace tapchi::render {

namespace {

constexpr Labels kEnglish{
    .skip_to_content = "Skip to content",
    .sections = "Sections",
    .editions = "Editions",
    .published = "Published",
    .updated = "Updated",
    .by = "By",
    .tags = "Tags",
    .your_comment = "Your Comment",
    .comments_closed = "Comments are closed for this article.",
    .no_comments = "No comments yet.",
    .staff = "Editorial staff",
    .name = "Name",
    .email = "Email",
    .email_hint = "never shown",
    .comment = "Comment",
    .send = "Send comment",
    .reply = "Reply",
    .related = "Related articles",
    .latest = "Latest",
    .more = "More",
    .previous = "Newer",
    .next = "Older",
    .page = "Page",
    .of = "of",
    .archive = "Archive",
    .articles = "articles",
    .not_found_title = "Page not found",
    .not_found_text = "The page you asked for does not exist or has been moved.",
    .back_home = "Back to the front page",
    .read_in = "Read in",
    .photo = "photo",
};

constexpr Labels kVietnamese{
    .skip_to_content = "Chuyển đến nội dung",
    .sections = "Chuyên mục",
    .editions = "Ấn bản",
    .published = "Đăng lúc",
    .updated = "Cập nhật",
    .by = "Tác giả",
    .tags = "Từ khóa",
    .your_comment = "Ý kiến của bạn",
    .comments_closed = "Bài viết này đã đóng ý kiến.",
    .no_comments = "Chưa có ý kiến nào.",
    .staff = "Ban biên tập",
    .name = "Họ tên",
    .email = "Email",
    .email_hint = "không hiển thị",
    .comment = "Ý kiến",
    .send = "Gửi ý kiến",
    .reply = "Trả lời",
    .related = "Bài viết liên quan",
    .latest = "Tin mới",
    .more = "Xem thêm",
    .previous = "Mới hơn",
    .next = "Cũ hơn",
    .page = "Trang",
    .of = "/",
    .archive = "Lưu trữ",
    .articles = "bài",
    .not_found_title = "Không tìm thấy trang",
    .not_found_text = "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
    .back_home = "Về trang chủ",
    .read_in = "Đọc bằng",
    .photo = "Ảnh",
};

}  // namespace

const Labels* labels_for(std::string_view language) {
  if (language == "en") {
    return &kEnglish;
  }
  if (language == "vi") {
    return &kVietnamese;
  }
  return nullptr;
}

std::string credit_text(std::string_view language, std::string_view credit) {
  const Labels* labels = labels_for(language);
  return "(" + std::string(labels ? labels->photo : kEnglish.photo) + ": " + std::string(credit) +
         ")";
}

std::string language_name(std::string_view in_language, std::string_view language) {
  if (in_language == "en") {
    return language == "vi" ? "Vietnamese" : language == "en" ? "English" : std::string(language);
  }
  if (in_language == "vi") {
    return language == "vi" ? "tiếng Việt" : language == "en" ? "tiếng Anh" : std::string(language);
  }
  return std::string(language);
}

std::string language_autonym(std::string_view language) {
  if (language == "vi") {
    return "Tiếng Việt";
  }
  if (language == "en") {
    return "English";
  }
  return std::string(language);
}

core::Result<void> check_language(std::string_view language) {
  if (labels_for(language) == nullptr) {
    return core::fail(
        core::invalid("the theme speaks en and vi, not '" + std::string(language) + "'"));
  }
  return {};
}

}  // namespace tapchi::render
