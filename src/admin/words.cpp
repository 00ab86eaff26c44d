// The back office's words for what other modules say in English, and for names of states.
#include <vector>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

// What the newsroom's checks and refusals, accounts and the form reader say, English → Vietnamese.
// "{}" stands for any text, carried over in order.
struct Message {
  std::string_view english;
  std::string_view vietnamese;
};

constexpr Message kMessages[] = {
    // Articles.
    {"An article needs a title.", "Bài viết cần có tiêu đề."},
    {"At most {} bytes; this one has {}.", "Tối đa {} byte; ở đây có {}."},
    {"At most {} KiB; this text has {} KiB.", "Tối đa {} KiB; bài này có {} KiB."},
    {"At most {} bytes.", "Tối đa {} byte."},
    {"At most {} tags.", "Tối đa {} thẻ."},
    {"The address needs letters or digits.", "Địa chỉ cần có chữ hoặc số."},
    {"There is no such section in this edition.", "Ấn bản này không có chuyên mục đó."},
    {"“{}” is not a tag: at most 100 bytes, with letters or digits.",
     "“{}” không dùng làm thẻ được: tối đa 100 byte, có chữ hoặc số."},
    {"There is no author {} in this edition.", "Ấn bản này không có tác giả số {}."},
    {"There is no such photo in the library.", "Thư viện không có ảnh này."},
    {"There is no article with this number.", "Không có bài viết mang số này."},
    {"A translation comes from another edition.", "Bản dịch phải thuộc một ấn bản khác."},
    {"Comments are “open”, “moderated” or as the site's policy (empty).",
     "Bình luận “open” (mở), “moderated” (duyệt trước) hoặc theo quy định chung (để trống)."},
    {"Choose an edition for the article.", "Hãy chọn ấn bản cho bài viết."},
    {"Only editors and admins, and authors for their own articles, may publish or unpublish. "
     "Submit the article for review instead.",
     "Chỉ biên tập viên, quản trị viên và tác giả (với bài của mình) được đăng hoặc gỡ bài. "
     "Hãy gửi bài để duyệt."},
    {"Only editors and admins, and authors for their own articles, may delete.",
     "Chỉ biên tập viên, quản trị viên và tác giả (với bài của mình) được xóa bài."},
    {"Authors may change only their own articles.", "Tác giả chỉ được sửa bài của mình."},
    {"Contributors may change only their own articles until they are published.",
     "Cộng tác viên chỉ được sửa bài của mình khi bài chưa đăng."},
    {"Say which version of the article the change is based on.",
     "Hãy cho biết thay đổi này dựa trên phiên bản nào của bài."},
    {"You may not change article {}, so you cannot link it.",
     "Bạn không được sửa bài số {} nên không thể liên kết với nó."},
    {"Another article of this edition has this address.",
     "Một bài khác của ấn bản này đã dùng địa chỉ này."},
    {"A date and time like 2026-12-01T07:30.", "Ngày giờ theo dạng 2026-12-01T07:30."},
    // Revision notes.
    {"saved", "đã lưu"},
    {"submitted for review", "đã gửi duyệt"},
    {"published", "đã đăng"},
    {"unpublished", "đã gỡ"},
    {"scheduled for {} UTC", "hẹn đăng lúc {} UTC"},
    {"restored revision {}", "khôi phục phiên bản {}"},
    {"linked as the translation of article {}", "liên kết làm bản dịch của bài {}"},
    {"not saved: based on version {}", "chưa lưu: dựa trên phiên bản {}"},
    {"saved automatically, on version {}", "tự động lưu, trên phiên bản {}"},
    // Front pages.
    {"A place from 0 to {}, once each.", "Vị trí từ 0 đến {}, mỗi vị trí một lần."},
    {"There is no article with this number in this edition.",
     "Ấn bản này không có bài viết mang số này."},
    {"This article is not in this section.", "Bài này không thuộc chuyên mục này."},
    {"Only a published or scheduled article can be chosen.",
     "Chỉ chọn được bài đã đăng hoặc đã hẹn giờ đăng."},
    {"This article has another place already.", "Bài này đã có một vị trí khác."},
    {"This time has passed.", "Thời điểm này đã qua."},
    // Sections, tags, authors.
    {"A section needs a name of at most 100 bytes.", "Chuyên mục cần có tên, tối đa 100 byte."},
    {"A whole number from 0.", "Một số nguyên từ 0 trở lên."},
    {"Another section, {}, has this address.", "Chuyên mục “{}” đã dùng địa chỉ này."},
    {"Another section has this address.", "Một chuyên mục khác đã dùng địa chỉ này."},
    {"Another tag, {}, has this address.", "Thẻ “{}” đã dùng địa chỉ này."},
    {"Another tag has this address.", "Một thẻ khác đã dùng địa chỉ này."},
    {"Another author, {}, has this address.", "Tác giả “{}” đã dùng địa chỉ này."},
    {"Another author has this address.", "Một tác giả khác đã dùng địa chỉ này."},
    {"A name of 1 to {} bytes.", "Tên dài từ 1 đến {} byte."},
    {"That photo is no longer in the library.", "Ảnh này không còn trong thư viện."},
    // The media library.
    {"Describe the photo for readers who cannot see it.",
     "Hãy mô tả ảnh cho người đọc không nhìn thấy được."},
    {"Choose a photo to upload.", "Hãy chọn một ảnh để tải lên."},
    {"The file is larger than {} MB.", "Tệp lớn hơn {} MB."},
    {"The image has too many pixels: {}.", "Ảnh có quá nhiều điểm ảnh: {}."},
    {"This file is not a JPEG, PNG, WebP or GIF image, or it is damaged. Nothing was stored.",
     "Tệp này không phải ảnh JPEG, PNG, WebP hay GIF, hoặc đã hỏng. Chưa lưu gì cả."},
    {"Editors and admins change the library's photos.",
     "Biên tập viên và quản trị viên mới được sửa ảnh trong thư viện."},
    {"Editors and admins delete the library's photos.",
     "Biên tập viên và quản trị viên mới được xóa ảnh trong thư viện."},
    {"This photo is in use and was not deleted: change the articles and authors that use it "
     "first.",
     "Ảnh đang được dùng nên chưa bị xóa: hãy sửa các bài viết và tác giả dùng ảnh này trước."},
    // Comments.
    {"Write the reply first.", "Hãy viết câu trả lời trước."},
    {"The reply is longer than 5,000 bytes.", "Câu trả lời dài hơn 5.000 byte."},
    // Settings and accounts.
    {"Not a time zone tzdata knows; choose one such as Asia/Ho_Chi_Minh.",
     "Không phải múi giờ hợp lệ; hãy chọn một múi giờ như Asia/Ho_Chi_Minh."},
    {"Choose open, moderated or closed.", "Hãy chọn mở, duyệt trước hoặc đóng."},
    {"A whole number of days from 0 (never) to {}.",
     "Một số ngày nguyên từ 0 (không bao giờ) đến {}."},
    {"There is no such edition.", "Không có ấn bản này."},
    // Static pages.
    {"A page needs a title.", "Trang cần có tiêu đề."},
    {"Another page, {}, has this address.", "Một trang khác, {}, đã dùng địa chỉ này."},
    {"Another page has this address.", "Một trang khác đã dùng địa chỉ này."},
    {"A whole number from 1 to {}, or nothing.", "Một số nguyên từ 1 đến {}, hoặc để trống."},
    {"There is no such page.", "Không có trang này."},
    // Redirects.
    {"An old address is a path such as /2019/08/old-title/ or a whole URL.",
     "Địa chỉ cũ là một đường dẫn như /2019/08/tieu-de-cu/ hoặc cả URL."},
    {"The front page cannot lead elsewhere.", "Trang nhất không thể dẫn đi nơi khác."},
    {"Give a page of this journal (/page/…) or a whole http(s) address.",
     "Hãy ghi một trang của tờ báo (/page/…) hoặc cả địa chỉ http(s)."},
    {"An address cannot lead to itself.", "Một địa chỉ không thể dẫn về chính nó."},
    {"This journal has no page at {}.", "Tờ báo không có trang nào ở {}."},
    {"There is no such redirect.", "Không có chuyển hướng này."},
    {"Only admins change the settings.", "Chỉ quản trị viên được thay đổi cài đặt."},
    {"Only admins manage webhooks.", "Chỉ quản trị viên được quản lý webhook."},
    {"Only admins may change accounts.", "Chỉ quản trị viên được thay đổi tài khoản."},
    {"You cannot change your own role or access; ask another admin.",
     "Bạn không thể tự đổi vai trò hay quyền truy cập của mình; hãy nhờ một quản trị viên khác."},
    {"is longer than 1024 bytes", "dài hơn 1024 byte"},
    {"is not valid UTF-8", "không phải văn bản UTF-8 hợp lệ"},
    {"holds control characters", "chứa ký tự điều khiển"},
    {"needs at least {} characters", "cần ít nhất {} ký tự"},
    {"A key needs a name of 1 to {} bytes: what it is for.",
     "Khóa cần có tên dài 1 đến {} byte, nói rõ dùng vào việc gì."},
    {"There is no such key.", "Không có khóa này."},
    {"Choose at least one event.", "Hãy chọn ít nhất một sự kiện."},
    {"“{}” is not an event tapchi tells of.", "“{}” không phải sự kiện tapchi thông báo."},
};

// The texts `message` gives the placeholders of `pattern`, or false when it does not fit.
bool fits(std::string_view pattern, std::string_view message, std::vector<std::string>& parts) {
  parts.clear();
  std::size_t hole = pattern.find("{}");
  if (hole == std::string_view::npos) {
    return pattern == message;
  }
  if (!message.starts_with(pattern.substr(0, hole))) {
    return false;
  }
  std::size_t at = hole;  // where the current placeholder's text starts in `message`
  while (true) {
    const std::size_t literal_start = hole + 2;
    const std::size_t next = pattern.find("{}", literal_start);
    if (next == std::string_view::npos) {
      const std::string_view tail = pattern.substr(literal_start);
      if (message.size() < at + tail.size() || !message.ends_with(tail)) {
        return false;
      }
      parts.emplace_back(message.substr(at, message.size() - tail.size() - at));
      return true;
    }
    const std::string_view literal = pattern.substr(literal_start, next - literal_start);
    const std::size_t found = message.find(literal, at);
    if (literal.empty() || found == std::string_view::npos) {
      return false;
    }
    parts.emplace_back(message.substr(at, found - at));
    at = found + literal.size();
    hole = next;
  }
}

}  // namespace

std::string translated(Language language, std::string_view english) {
  if (language == Language::kEnglish) {
    return std::string(english);
  }
  std::vector<std::string> parts;
  for (const Message& m : kMessages) {
    if (!fits(m.english, english, parts)) {
      continue;
    }
    std::string out;
    std::size_t from = 0;
    for (const std::string& part : parts) {
      const std::size_t hole = m.vietnamese.find("{}", from);
      out.append(m.vietnamese.substr(from, hole - from));
      out += part;
      from = hole + 2;
    }
    out.append(m.vietnamese.substr(from));
    return out;
  }
  return std::string(english);
}

std::string_view status_label(Language language, core::ArticleStatus status) {
  switch (status) {
    case core::ArticleStatus::kDraft:
      return text(language, "status_draft");
    case core::ArticleStatus::kReview:
      return text(language, "status_review");
    case core::ArticleStatus::kScheduled:
      return text(language, "status_scheduled");
    case core::ArticleStatus::kPublished:
      return text(language, "status_published");
    case core::ArticleStatus::kUnpublished:
      break;
  }
  return text(language, "status_unpublished");
}

std::string_view role_label(Language language, core::Role role) {
  switch (role) {
    case core::Role::kContributor:
      return text(language, "role_contributor");
    case core::Role::kAuthor:
      return text(language, "role_author");
    case core::Role::kEditor:
      return text(language, "role_editor");
    case core::Role::kAdmin:
      break;
  }
  return text(language, "role_admin");
}

}  // namespace tapchi::admin
