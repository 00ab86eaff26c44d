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
    .most_read = "Most read",
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
    .leave_comment = "Leave a comment",
    .replying_to = "Replying to",
    .cancel_reply = "cancel",
    .moderated_note = "Comments are published once the editors have read them.",
    .optional = "optional",
    .honeypot = "Leave this field empty",
    .held =
        "Thank you. Your comment has been received and will appear once the editors have "
        "read it.",
    .shown = "Thank you. Your comment is published.",
    .name_missing = "Please give your name.",
    .name_too_long = "Your name may have at most 80 characters.",
    .email_missing = "Please give your email address; it is never shown.",
    .email_malformed = "This does not look like an email address.",
    .email_too_long = "An email address has at most 254 characters.",
    .body_missing = "Please write your comment.",
    .body_too_long = "A comment may have at most 5,000 characters.",
    .body_links = "A comment may contain only a few links; please remove some.",
    .malformed = "The text contains bytes that are not valid text (UTF-8).",
    .expired = "This form has expired. Your text is kept below; please send it again.",
    .closed = "Comments are closed for this article.",
    .too_fast = "You are sending comments too quickly. Please wait a moment and send again.",
    .search = "Search",
    .search_placeholder = "Search the journal",
    .results = "results",
    .filters = "Filters",
    .section = "Section",
    .author = "Author",
    .any_section = "All sections",
    .any_author = "All authors",
    .date_from = "From",
    .date_to = "To",
    .sort = "Sort",
    .relevance = "Most relevant",
    .newest = "Newest first",
    .no_results = "No article matches your search.",
    .try_without_filters = "Fewer filters may find more.",
    .remove_filters = "Search without filters",
    .query_empty =
        "Type one or more words to search for. Use \"quotes\" for a phrase, word* for words that "
        "begin so, and -word to leave a word out.",
    .query_only_exclusions = "Add a word to look for: a search cannot only leave words out.",
    .query_too_long = "The search is too long: use at most 512 characters.",
    .query_not_text = "The search contains characters that are not text.",
    .query_shortened = "Only the first 12 words were searched for.",
    .bad_date = "A date is written as YYYY-MM-DD; this one was left out.",
    .more_results =
        "These are the newest 1,000 articles with these words, best first. Add a word or a "
        "filter to find older ones.",
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
    .most_read = "Đọc nhiều",
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
    .leave_comment = "Gửi ý kiến của bạn",
    .replying_to = "Trả lời",
    .cancel_reply = "hủy",
    .moderated_note = "Ý kiến sẽ được đăng sau khi Ban biên tập duyệt.",
    .optional = "không bắt buộc",
    .honeypot = "Để trống ô này",
    .held = "Cảm ơn bạn. Ý kiến của bạn đã được gửi và sẽ hiển thị sau khi Ban biên tập duyệt.",
    .shown = "Cảm ơn bạn. Ý kiến của bạn đã được đăng.",
    .name_missing = "Vui lòng nhập họ tên.",
    .name_too_long = "Họ tên dài tối đa 80 ký tự.",
    .email_missing = "Vui lòng nhập địa chỉ email; email không được hiển thị.",
    .email_malformed = "Địa chỉ email không hợp lệ.",
    .email_too_long = "Địa chỉ email dài tối đa 254 ký tự.",
    .body_missing = "Vui lòng nhập ý kiến.",
    .body_too_long = "Ý kiến dài tối đa 5.000 ký tự.",
    .body_links = "Ý kiến chứa quá nhiều đường dẫn; vui lòng bớt đi.",
    .malformed = "Nội dung chứa ký tự không hợp lệ (không phải UTF-8).",
    .expired = "Biểu mẫu đã hết hạn. Nội dung của bạn vẫn được giữ bên dưới; vui lòng gửi lại.",
    .closed = "Bài viết này đã đóng ý kiến.",
    .too_fast = "Bạn gửi ý kiến quá nhanh. Vui lòng chờ một lát rồi gửi lại.",
    .search = "Tìm kiếm",
    .search_placeholder = "Tìm trong tạp chí",
    .results = "kết quả",
    .filters = "Bộ lọc",
    .section = "Chuyên mục",
    .author = "Tác giả",
    .any_section = "Mọi chuyên mục",
    .any_author = "Mọi tác giả",
    .date_from = "Từ ngày",
    .date_to = "Đến ngày",
    .sort = "Sắp xếp",
    .relevance = "Phù hợp nhất",
    .newest = "Mới nhất",
    .no_results = "Không có bài viết nào phù hợp.",
    .try_without_filters = "Bỏ bớt bộ lọc có thể tìm được nhiều hơn.",
    .remove_filters = "Tìm không dùng bộ lọc",
    .query_empty =
        "Nhập một hoặc nhiều từ để tìm. Dùng \"ngoặc kép\" để tìm cụm từ, từ* để tìm các từ bắt "
        "đầu như vậy, và -từ để loại một từ.",
    .query_only_exclusions = "Hãy thêm một từ cần tìm: không thể chỉ loại trừ từ.",
    .query_too_long = "Nội dung tìm kiếm quá dài: tối đa 512 ký tự.",
    .query_not_text = "Nội dung tìm kiếm chứa ký tự không hợp lệ.",
    .query_shortened = "Chỉ 12 từ đầu tiên được dùng để tìm.",
    .bad_date = "Ngày được viết theo dạng NNNN-TT-NN; ngày này đã được bỏ qua.",
    .more_results =
        "Đây là 1.000 bài mới nhất có các từ này, xếp theo mức phù hợp. Thêm từ hoặc bộ lọc để "
        "tìm các bài cũ hơn.",
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

std::string_view comment_message(std::string_view language, std::string_view key) {
  const Labels* l = labels_for(language);
  if (l == nullptr) {
    l = &kEnglish;
  }
  const std::pair<std::string_view, std::string_view> messages[] = {
      {"held", l->held},
      {"shown", l->shown},
      {"name_missing", l->name_missing},
      {"name_too_long", l->name_too_long},
      {"name_malformed", l->malformed},
      {"email_missing", l->email_missing},
      {"email_malformed", l->email_malformed},
      {"email_too_long", l->email_too_long},
      {"body_missing", l->body_missing},
      {"body_too_long", l->body_too_long},
      {"body_malformed", l->malformed},
      {"body_links", l->body_links},
      {"expired", l->expired},
      {"closed", l->closed},
      {"too_fast", l->too_fast},
  };
  for (const auto& [name, text] : messages) {
    if (name == key) {
      return text;
    }
  }
  return {};
}

std::string_view search_message(std::string_view language, std::string_view key) {
  const Labels* l = labels_for(language);
  if (l == nullptr) {
    l = &kEnglish;
  }
  const std::pair<std::string_view, std::string_view> messages[] = {
      {"query_empty", l->query_empty},         {"query_only_exclusions", l->query_only_exclusions},
      {"query_too_long", l->query_too_long},   {"query_not_text", l->query_not_text},
      {"query_shortened", l->query_shortened}, {"bad_date", l->bad_date},
  };
  for (const auto& [name, text] : messages) {
    if (name == key) {
      return text;
    }
  }
  return {};
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
