// The back office's words in each language it speaks, English and Vietnamese. Private to the
// admin module. Templates name a label as {{t.key}}; code names it as a `Text`, which is
// checked when the code is compiled: an unknown key, a label without both languages, a key
// used twice, or a translation whose placeholders differ from the English ones fails the build.
#pragma once
#include <cstddef>
#include <string_view>

namespace tapchi::admin {

enum class Language { kEnglish, kVietnamese };

struct Label {
  std::string_view key;
  std::string_view english;
  std::string_view vietnamese;
};

// Placeholders ({}) are filled by `say` in order; both languages have the same number of them.
inline constexpr Label kLabels[] = {
    // The frame of every page.
    {"back_office", "back office", "trang quản trị"},
    {"nav", "Back office", "Quản trị"},
    {"dashboard", "Dashboard", "Bảng tin"},
    {"articles", "Articles", "Bài viết"},
    {"media", "Media", "Thư viện ảnh"},
    {"sections", "Sections", "Chuyên mục"},
    {"tags", "Tags", "Thẻ"},
    {"authors", "Authors", "Tác giả"},
    {"comments", "Comments", "Bình luận"},
    {"users", "Users", "Thành viên"},
    {"integrations", "Integrations", "Tích hợp"},
    {"settings", "Settings", "Cài đặt"},
    {"audit_log", "Audit log", "Nhật ký"},
    {"your_account", "Your account", "Tài khoản của bạn"},
    {"sign_out", "Sign out", "Đăng xuất"},
    {"sign_in", "Sign in", "Đăng nhập"},
    {"pending_count", "{} pending", "{} chờ duyệt"},
    {"skip", "Skip to the content", "Bỏ qua, đến nội dung"},
    {"back_to_dashboard", "Back to the dashboard", "Về bảng tin"},
    // Words used on many pages.
    {"save", "Save", "Lưu"},
    {"cancel", "Cancel", "Hủy"},
    {"delete", "Delete", "Xóa"},
    {"filter", "Filter", "Lọc"},
    {"clear", "Clear", "Bỏ lọc"},
    {"search", "Search", "Tìm"},
    {"name", "Name", "Tên"},
    {"email", "Email", "Email"},
    {"password", "Password", "Mật khẩu"},
    {"address", "Address", "Địa chỉ"},
    {"address_from_name", "Address (made from the name when empty)",
     "Địa chỉ (để trống thì lấy từ tên)"},
    {"edition", "Edition", "Ấn bản"},
    {"section", "Section", "Chuyên mục"},
    {"status", "Status", "Trạng thái"},
    {"author", "Author", "Tác giả"},
    {"title", "Title", "Tiêu đề"},
    {"newer", "Newer", "Mới hơn"},
    {"older", "Older", "Cũ hơn"},
    {"previous", "Previous", "Trang trước"},
    {"next", "Next", "Trang sau"},
    {"none", "None", "Không có"},
    {"yes", "yes", "có"},
    {"public_page", "public page", "trang công khai"},
    {"open_public_page", "Open the public page", "Mở trang công khai"},
    {"position", "Position", "Chức danh"},
    {"caption", "Caption", "Chú thích"},
    {"credit", "Credit", "Nguồn ảnh"},
    {"alt_text", "Alt text", "Mô tả ảnh"},
    {"when", "When", "Thời gian"},
    {"who", "Who", "Người thực hiện"},
    {"role", "Role", "Vai trò"},
    // Roles.
    {"role_contributor", "contributor", "cộng tác viên"},
    {"role_author", "author", "tác giả"},
    {"role_editor", "editor", "biên tập viên"},
    {"role_admin", "admin", "quản trị viên"},
    // Article statuses.
    {"status_draft", "draft", "bản nháp"},
    {"status_review", "review", "chờ duyệt"},
    {"status_scheduled", "scheduled", "hẹn giờ đăng"},
    {"status_published", "published", "đã đăng"},
    {"status_unpublished", "unpublished", "đã gỡ"},
    // Comment statuses.
    {"comments_pending", "Pending", "Chờ duyệt"},
    {"comments_approved", "Approved", "Đã duyệt"},
    {"comments_spam", "Spam", "Thư rác"},
    {"comments_rejected", "Rejected", "Đã từ chối"},
    // Refusals and failures.
    {"bad_request", "Bad request", "Yêu cầu không hợp lệ"},
    {"not_allowed", "Not allowed", "Không được phép"},
    {"not_found", "Not found", "Không tìm thấy"},
    {"unavailable", "Unavailable", "Tạm thời không phục vụ được"},
    {"invalid", "Not saved", "Chưa lưu"},
    {"conflict", "Changed meanwhile", "Đã có thay đổi khác"},
    {"too_large", "Too large", "Quá lớn"},
    {"database_unavailable", "The journal's database did not answer. Please try again shortly.",
     "Cơ sở dữ liệu của tạp chí không trả lời. Xin thử lại sau ít phút."},
    {"database_silent", "The database did not answer.", "Cơ sở dữ liệu không trả lời."},
    {"only_editors", "Only editors and admins may do this.",
     "Chỉ biên tập viên và quản trị viên được làm việc này."},
    {"only_admins", "Only admins may see this.", "Chỉ quản trị viên được xem trang này."},
    {"form_expired", "The form had expired. Please try again.",
     "Biểu mẫu đã hết hạn. Xin thử lại."},
    {"sign_in_first", "Please sign in first.", "Xin đăng nhập trước."},
    {"no_such_page", "There is no such page in the back office.",
     "Trang quản trị này không tồn tại."},
    {"method_not_allowed", "This address does not take this kind of request.",
     "Địa chỉ này không nhận loại yêu cầu này."},
    // Signing in.
    {"login_expired", "The form had expired. Please sign in again.",
     "Biểu mẫu đã hết hạn. Xin đăng nhập lại."},
    {"too_many_attempts", "Too many failed attempts. Try again in {} seconds.",
     "Sai quá nhiều lần. Xin thử lại sau {} giây."},
    {"wrong_password", "Wrong email or password.", "Sai email hoặc mật khẩu."},
    // Your account: language and password.
    {"language", "Language of the back office", "Ngôn ngữ của trang quản trị"},
    {"language_default", "As the journal ({})", "Theo tạp chí ({})"},
    {"language_saved", "The back office now speaks your language.",
     "Trang quản trị đã chuyển sang ngôn ngữ bạn chọn."},
    {"save_language", "Save the language", "Lưu ngôn ngữ"},
    {"unknown_language", "The back office speaks Vietnamese and English only.",
     "Trang quản trị chỉ có tiếng Việt và tiếng Anh."},
    {"change_password", "Change your password", "Đổi mật khẩu"},
    {"current_password", "Current password", "Mật khẩu hiện tại"},
    {"new_password", "New password (at least 10 characters)", "Mật khẩu mới (ít nhất 10 ký tự)"},
    {"new_password_again", "New password again", "Nhập lại mật khẩu mới"},
    {"change_password_button", "Change password", "Đổi mật khẩu"},
    {"password_signs_out", "Changing it signs out your other sessions.",
     "Đổi mật khẩu sẽ đăng xuất các phiên làm việc khác của bạn."},
    {"password_changed", "Your password has been changed.", "Mật khẩu của bạn đã được đổi."},
    {"not_current_password", "This is not your current password.",
     "Đây không phải mật khẩu hiện tại của bạn."},
    {"new_password_bad", "The new password {}.", "Mật khẩu mới {}."},
    {"passwords_differ", "The two new passwords differ.", "Hai mật khẩu mới không giống nhau."},
    {"session_ends", "Signed in as {} ({}), {}. Your session ends {}.",
     "Bạn đăng nhập là {} ({}), {}. Phiên làm việc kết thúc lúc {}."},
    // The dashboard.
    {"review_queue", "Waiting for review", "Chờ duyệt"},
    {"my_reviews", "My articles waiting for review", "Bài của tôi đang chờ duyệt"},
    {"review_empty", "Nothing waits for review.", "Không có bài nào chờ duyệt."},
    {"all_in_review", "All {} articles waiting for review", "Cả {} bài đang chờ duyệt"},
    {"my_drafts", "My drafts", "Bản nháp của tôi"},
    {"drafts_empty", "You have no draft.", "Bạn không có bản nháp nào."},
    {"all_my_drafts", "All {} of my drafts", "Cả {} bản nháp của tôi"},
    {"new_article_in", "New article: {}", "Viết bài mới: {}"},
    {"next_scheduled", "Next scheduled", "Sắp đăng"},
    {"scheduled_empty", "Nothing is scheduled.", "Không có bài nào hẹn giờ đăng."},
    {"publishes_at", "publishes {}, {}", "đăng lúc {}, {}"},
    {"comments_waiting", "Comments waiting", "Bình luận chờ duyệt"},
    {"comments_waiting_none", "No comment waits.", "Không có bình luận nào chờ duyệt."},
    {"comments_waiting_count", "{} waiting; the oldest came {}.",
     "{} bình luận đang chờ; bình luận lâu nhất gửi {}."},
    {"moderate_them", "Moderate them", "Duyệt bình luận"},
    {"recent_edits", "Recent edits by others", "Người khác vừa sửa"},
    {"recent_edits_empty", "Nobody else has saved an article lately.",
     "Gần đây chưa ai khác lưu bài nào."},
    {"edit_by", "{} by {}", "{} — {}"},
    {"readership", "Readership", "Lượt đọc"},
    {"views_30_days", "Views per day, last 30 days", "Lượt xem mỗi ngày, 30 ngày qua"},
    {"comments_30_days", "Comments per day, last 30 days", "Bình luận mỗi ngày, 30 ngày qua"},
    {"most_read_today", "Most read today", "Đọc nhiều hôm nay"},
    {"most_read_week", "Most read this week", "Đọc nhiều trong tuần"},
    {"nothing_read", "No view counted yet.", "Chưa đếm được lượt xem nào."},
    {"views_count", "views: {}", "lượt xem: {}"},
    {"day", "Day", "Ngày"},
    {"views", "Views", "Lượt xem"},
    {"comments_column", "Comments", "Bình luận"},
    {"in_total", "In all: {}", "Tổng cộng: {}"},
    {"chart_numbers", "The numbers of the chart", "Số liệu của biểu đồ"},
    // The editor.
    {"new_article", "New article", "Bài viết mới"},
    {"edit_heading", "Edit: {}", "Sửa: {}"},
    {"edit_article", "Edit article", "Sửa bài viết"},
    {"comment_mode_site", "As the site's policy (Settings)", "Theo quy định chung (Cài đặt)"},
    {"comment_mode_open", "Shown at once", "Hiện ngay"},
    {"comment_mode_moderated", "Held until an editor approves", "Chờ biên tập viên duyệt"},
    {"no_edition", "The journal has no edition.", "Tạp chí chưa có ấn bản nào."},
    {"no_such_edition", "There is no such edition.", "Không có ấn bản này."},
    {"choose_action", "Choose Save, Submit, Publish or Unpublish.",
     "Hãy chọn Lưu, Gửi duyệt, Đăng hoặc Gỡ bài."},
    {"no_version", "The form does not say which version it edits.",
     "Biểu mẫu không cho biết đang sửa phiên bản nào."},
    {"may_not_publish",
     "Only editors and admins, and authors for their own articles, may publish or unpublish. "
     "Submit the article for review instead.",
     "Chỉ biên tập viên, quản trị viên và tác giả (với bài của mình) được đăng hoặc gỡ bài. Hãy "
     "gửi bài để duyệt."},
    {"stale", "It is now at version {}, saved by {}.", "Bài hiện ở phiên bản {}, do {} lưu."},
    {"stale_at", "It is now at version {}, saved by {} at {}.",
     "Bài hiện ở phiên bản {}, do {} lưu lúc {}."},
    {"kept_as_revision", "revision {}", "phiên bản {}"},
    {"not_saved_stale", "Not saved: someone else saved this article after you opened it.",
     "Chưa lưu: có người khác đã lưu bài này sau khi bạn mở nó."},
    {"stale_kept", "Nothing is lost: your text is still in the form below and kept as",
     "Không mất gì: bài của bạn vẫn ở trong biểu mẫu dưới đây và được giữ thành"},
    {"stale_merge",
     "which shows how it differs from the current text. Merge what you need, "
     "then save again.",
     "trong đó thấy rõ chỗ khác với bản hiện tại. Hãy gộp những gì cần rồi lưu lại."},
    {"done_saved", "Saved.", "Đã lưu."},
    {"done_submitted", "Submitted for review.", "Đã gửi duyệt."},
    {"done_unpublished", "Unpublished: readers no longer see it.",
     "Đã gỡ: độc giả không còn thấy bài này."},
    {"done_published", "Published.", "Đã đăng."},
    {"done_scheduled", "Scheduled: readers see it from {}, {}.",
     "Đã hẹn giờ: độc giả sẽ thấy bài từ {}, {}."},
    {"done_restored", "Revision {} restored.", "Đã khôi phục phiên bản {}."},
    {"done_deleted", "The article was deleted.", "Đã xóa bài viết."},
    {"lead", "Lead", "Sapo"},
    {"body_label", "Text", "Nội dung"},
    {"body_hint", "Markdown: ## Heading, ![alt](media:12 \"caption\") for a photo of the library",
     "Markdown: ## Tiêu đề mục, ![mô tả](media:12 \"chú thích\") để chèn ảnh trong thư viện"},
    {"version_n", "version {}", "phiên bản {}"},
    {"slug_label", "Address (made from the title when empty)",
     "Địa chỉ (để trống thì lấy từ tiêu đề)"},
    {"no_section", "No section", "Không thuộc chuyên mục"},
    {"tags_label", "Tags, separated by commas (new ones are created)",
     "Thẻ, cách nhau bằng dấu phẩy (thẻ mới sẽ được tạo)"},
    {"authors_label", "Authors (in byline order; hold Ctrl to choose several)",
     "Tác giả (theo thứ tự ký tên; giữ Ctrl để chọn nhiều)"},
    {"featured_photo", "Featured photo", "Ảnh đại diện"},
    {"media_library", "Media library", "Thư viện ảnh"},
    {"translation_of", "Translation of article number (another edition)",
     "Bản dịch của bài số (ấn bản khác)"},
    {"linked", "Linked:", "Đã liên kết:"},
    {"readers_may_comment", "Readers may comment", "Cho phép độc giả bình luận"},
    {"comments_on_article", "Readers' comments on this article",
     "Bình luận của độc giả cho bài này"},
    {"publication_time", "Publication time ({}; empty: now)",
     "Thời điểm đăng ({}; để trống: ngay)"},
    {"submit_for_review", "Submit for review", "Gửi duyệt"},
    {"publish_or_schedule", "Publish or schedule", "Đăng hoặc hẹn giờ"},
    {"unpublish", "Unpublish", "Gỡ bài"},
    {"preview", "Preview", "Xem trước"},
    {"revisions", "Revisions", "Các phiên bản"},
    {"delete_article", "Delete this article", "Xóa bài này"},
    {"kept_copy", "This browser kept text of this article that the journal has not received, from",
     "Trình duyệt này còn giữ nội dung bài chưa gửi được tới tạp chí, lúc"},
    {"restore_copy", "Put it back in the form", "Đưa lại vào biểu mẫu"},
    {"discard_copy", "Discard it", "Bỏ đi"},
    {"words_reading", "{} words · about {} min to read", "{} chữ · đọc khoảng {} phút"},
    {"as_readers_see", "As readers will see it", "Độc giả sẽ thấy"},
    {"address_after_save", "The address is given at the first save.",
     "Địa chỉ có sau lần lưu đầu tiên."},
    {"search_preview", "In search results", "Trên trang kết quả tìm kiếm"},
    {"social_preview", "When shared", "Khi được chia sẻ"},
    {"title_length", "Title: {} characters; search results show {}.",
     "Tiêu đề: {} ký tự; kết quả tìm kiếm hiện {}."},
    {"description_length", "Description (the lead): {} characters; search results show {}.",
     "Mô tả (sapo): {} ký tự; kết quả tìm kiếm hiện {}."},
    {"card_without_photo", "Without a featured photo the card has no picture.",
     "Không có ảnh đại diện thì thẻ chia sẻ không có hình."},
    {"previews_after_save", "Previews show what was last saved or previewed.",
     "Phần xem trước theo lần lưu hoặc xem trước gần nhất."},
    // Revisions.
    {"revisions_of", "Revisions of “{}”", "Các phiên bản của “{}”"},
    {"revisions_caption", "{} revisions, newest first; the article is at version {}",
     "{} phiên bản, mới nhất trước; bài đang ở phiên bản {}"},
    {"revision", "Revision", "Phiên bản"},
    {"revision_number", "Revision {}", "Phiên bản {}"},
    {"revision_of", "Revision {} of “{}”", "Phiên bản {} của “{}”"},
    {"saved_column", "Saved", "Lưu lúc"},
    {"by", "By", "Người lưu"},
    {"version", "Version", "Phiên bản bài"},
    {"note", "Note", "Ghi chú"},
    {"back_to_editor", "Back to the editor", "Về trang soạn bài"},
    {"all_revisions", "All revisions", "Mọi phiên bản"},
    {"saved_by", "by {}", "do {} lưu"},
    {"made_version", "made version {}", "tạo phiên bản {}"},
    {"restore_revision", "Restore this revision", "Khôi phục phiên bản này"},
    {"restore_hint",
     "Its title, lead and text replace the current ones; the current text stays in the revisions.",
     "Tiêu đề, sapo và nội dung của nó sẽ thay bản hiện tại; bản hiện tại vẫn được giữ trong các "
     "phiên bản."},
    {"compared", "Compared with the current text", "So với bản hiện tại"},
    {"same_text", "This revision's text is the current text.",
     "Nội dung phiên bản này giống bản hiện tại."},
    {"diff_hint",
     "Lines marked − are only in this revision, lines marked + only in the current text.",
     "Dòng đánh dấu − chỉ có trong phiên bản này, dòng đánh dấu + chỉ có trong bản hiện tại."},
    {"differences", "Differences", "Khác biệt"},
    {"revision_text", "The revision's text", "Nội dung của phiên bản"},
    {"no_such_revision", "There is no such revision.", "Không có phiên bản này."},
    // Comments.
    {"no_such_status", "There is no such comment status.", "Không có trạng thái bình luận này."},
    {"choose_moderation", "Choose what to do with the comments.",
     "Hãy chọn việc cần làm với các bình luận."},
    {"article_number", "article {}", "bài số {}"},
    {"comments_caption", "{} of {} comments, newest first",
     "{} trong {} bình luận, mới nhất trước"},
    {"comments_by_status", "Comments by status", "Bình luận theo trạng thái"},
    {"with_selected", "With the selected comments", "Với các bình luận đã chọn"},
    {"select_all", "Select all on this page", "Chọn tất cả trên trang này"},
    {"approve_selected", "Approve selected", "Duyệt mục đã chọn"},
    {"reject_selected", "Reject selected", "Từ chối mục đã chọn"},
    {"spam_selected", "Mark selected as spam", "Đánh dấu mục đã chọn là thư rác"},
    {"delete_selected", "Delete selected", "Xóa mục đã chọn"},
    {"select", "Select", "Chọn"},
    {"comment", "Comment", "Bình luận"},
    {"article", "Article", "Bài viết"},
    {"actions", "Actions", "Thao tác"},
    {"staff", "staff", "tòa soạn"},
    {"a_reply", "reply", "trả lời"},
    {"approve", "Approve", "Duyệt"},
    {"reject", "Reject", "Từ chối"},
    {"spam", "Spam", "Thư rác"},
    {"reply", "Reply", "Trả lời"},
    {"select_comment_by", "Select the comment by {}", "Chọn bình luận của {}"},
    {"approve_comment_by", "Approve the comment by {}", "Duyệt bình luận của {}"},
    {"reject_comment_by", "Reject the comment by {}", "Từ chối bình luận của {}"},
    {"spam_comment_by", "Mark the comment by {} as spam", "Đánh dấu bình luận của {} là thư rác"},
    {"delete_comment_by", "Delete the comment by {}", "Xóa bình luận của {}"},
    {"reply_to", "Reply as staff to {}", "Trả lời {} với tư cách tòa soạn"},
    {"no_comments_here", "No comments here.", "Không có bình luận nào ở đây."},
    {"reply_as_staff", "Reply as staff", "Trả lời với tư cách tòa soạn"},
    {"your_reply", "Your reply, published at once and marked as staff",
     "Câu trả lời của bạn, đăng ngay và ghi là của tòa soạn"},
    {"publish_reply", "Publish the reply", "Đăng câu trả lời"},
    {"done_none_selected", "No comment was selected.", "Chưa chọn bình luận nào."},
    {"done_comments_approved", "Comments approved: {}.", "Đã duyệt {} bình luận."},
    {"done_comments_rejected", "Comments rejected: {}.", "Đã từ chối {} bình luận."},
    {"done_comments_spammed", "Comments marked as spam: {}.",
     "Đã đánh dấu {} bình luận là thư rác."},
    {"done_comments_deleted", "Comments deleted: {}.", "Đã xóa {} bình luận."},
    {"done_comments_returned", "Comments returned to the queue: {}.",
     "Đã trả {} bình luận về hàng chờ duyệt."},
    {"done_replied", "Your reply is published.", "Câu trả lời của bạn đã được đăng."},
    // The media library.
    {"photos_newest_first", "{} photos, newest first", "{} ảnh, mới nhất trước"},
    {"photo_file", "Photo (JPEG, PNG, WebP or GIF; at most {} MB)",
     "Ảnh (JPEG, PNG, WebP hoặc GIF; tối đa {} MB)"},
    {"upload_photo", "Upload a photo", "Tải ảnh lên"},
    {"alt_label", "Description for readers who cannot see it (alt text)",
     "Mô tả cho người đọc không nhìn thấy ảnh (alt)"},
    {"upload", "Upload", "Tải lên"},
    {"library_empty", "The library is empty.", "Thư viện chưa có ảnh nào."},
    {"choose_again", "Choose the photo again: browsers do not keep it after an error.",
     "Hãy chọn lại ảnh: trình duyệt không giữ tệp sau khi có lỗi."},
    {"uploaded_at", "uploaded {}", "tải lên lúc {}"},
    {"variants_wide", "{} pixels wide, WebP and {}", "rộng {} điểm ảnh, WebP và {}"},
    {"variants", "Variants", "Các cỡ ảnh"},
    {"in_markdown", "In Markdown", "Trong Markdown"},
    {"photo_number", "Photo #{}", "Ảnh số {}"},
    {"back_to_library", "Back to the library", "Về thư viện ảnh"},
    {"editors_change_these", "Editors and admins change these.",
     "Biên tập viên và quản trị viên mới được sửa các mục này."},
    {"used_by", "Used by", "Được dùng ở"},
    {"author_photo", "Author photo: {}", "Ảnh tác giả: {}"},
    {"unused", "No article or author uses this photo.",
     "Không bài viết hay tác giả nào dùng ảnh này."},
    {"delete_photo", "Delete this photo", "Xóa ảnh này"},
    {"photo_in_use",
     "This photo is in use and was not deleted: change the articles listed under "
     "“Used by” first.",
     "Ảnh đang được dùng nên chưa bị xóa: hãy sửa các bài viết ở mục “Được dùng ở” trước."},
    {"no_such_photo", "There is no such photo.", "Không có ảnh này."},
    {"done_uploaded", "Uploaded.", "Đã tải lên."},
    {"done_photo_deleted", "Photo #{} deleted.", "Đã xóa ảnh số {}."},
    // Settings.
    {"policy_open", "Open: comments appear at once", "Mở: bình luận hiện ngay"},
    {"policy_moderated", "Moderated: comments wait for an editor",
     "Duyệt trước: bình luận chờ biên tập viên duyệt"},
    {"policy_closed", "Closed: no new comments anywhere", "Đóng: không nhận bình luận mới"},
    {"masthead_of", "Masthead of the {} edition at {} (the journal's name when empty)",
     "Tên ấn bản {} tại {} (để trống thì dùng tên tạp chí)"},
    {"the_journal", "The journal", "Tạp chí"},
    {"site_name", "Name", "Tên"},
    {"time_zone", "Time zone (dates on every page and in the editor)",
     "Múi giờ (ngày giờ trên mọi trang và trong trang soạn bài)"},
    {"editions", "Editions", "Các ấn bản"},
    {"readers_comments", "Readers' comments", "Bình luận của độc giả"},
    {"policy", "Policy", "Quy định"},
    {"close_after", "Close comments this many days after publication (0: never)",
     "Đóng bình luận sau số ngày này kể từ khi đăng (0: không bao giờ)"},
    {"require_email", "Readers must give an email address (never shown)",
     "Độc giả phải nhập email (không bao giờ hiển thị)"},
    {"save_settings", "Save the settings", "Lưu cài đặt"},
    {"settings_hint",
     "Settings take effect on every page at once and are kept in the audit log. They override "
     "tapchi.toml.",
     "Cài đặt có hiệu lực ngay trên mọi trang và được ghi vào nhật ký. Chúng được ưu tiên hơn "
     "tapchi.toml."},
    {"done_nothing_changed", "Nothing changed.", "Không có gì thay đổi."},
    {"done_settings_saved", "Settings saved.", "Đã lưu cài đặt."},
    // Tags.
    {"tags_caption", "{} of {} tags of {}, by name", "{} trong {} thẻ của {}, theo tên"},
    {"no_tag_matches",
     "No tag of {} matches. Tags are made in the article editor as they are typed.",
     "Không có thẻ nào của {} khớp. Thẻ được tạo trong trang soạn bài khi gõ."},
    {"name_contains", "Name contains", "Tên có chứa"},
    {"articles_column", "Articles", "Số bài"},
    {"carried_by", "Carried by {} articles.", "Có {} bài mang thẻ này."},
    {"deleting_tag_removes",
     "Deleting the tag removes it from {} articles; the articles stay as they are otherwise.",
     "Xóa thẻ sẽ gỡ nó khỏi {} bài; ngoài ra các bài giữ nguyên."},
    {"tag_heading", "Tag: {}", "Thẻ: {}"},
    {"delete_tag", "Delete this tag", "Xóa thẻ này"},
    {"done_tag_saved", "The tag was saved.", "Đã lưu thẻ."},
    {"done_tag_deleted", "The tag was deleted from {} articles.", "Đã xóa thẻ khỏi {} bài."},
    // Authors.
    {"authors_caption", "Authors of {}, by name", "Tác giả của {}, theo tên"},
    {"no_author_yet", "{} has no author yet.", "{} chưa có tác giả nào."},
    {"add_author_to", "Add an author to {}", "Thêm tác giả cho {}"},
    {"photo", "Photo", "Ảnh"},
    {"add_an_author", "Add an author", "Thêm tác giả"},
    {"author_heading", "Author: {}", "Tác giả: {}"},
    {"add_the_author", "Add the author", "Thêm tác giả"},
    {"position_in_byline", "Position, shown in the byline", "Chức danh, hiện cạnh tên tác giả"},
    {"biography", "Biography", "Tiểu sử"},
    {"photo_from_library", "Photo from the media library", "Ảnh trong thư viện"},
    {"done_author_saved", "The author was saved.", "Đã lưu tác giả."},
    // Sections.
    {"sections_caption", "Sections in navigation order",
     "Chuyên mục theo thứ tự trên thanh điều hướng"},
    {"order", "Order", "Thứ tự"},
    {"add_a_section", "Add a section", "Thêm chuyên mục"},
    {"section_heading", "Section: {}", "Chuyên mục: {}"},
    {"add_the_section", "Add the section", "Thêm chuyên mục"},
    {"position_in_nav", "Position in the navigation", "Vị trí trên thanh điều hướng"},
    {"done_section_saved", "The section was saved.", "Đã lưu chuyên mục."},
    // Users and the audit log.
    {"users_caption", "Every account, by email", "Mọi tài khoản, theo email"},
    {"role_and_access", "Role and access", "Vai trò và quyền truy cập"},
    {"you", "you", "bạn"},
    {"may_sign_in", "may sign in", "được đăng nhập"},
    {"save_access_of", "Save the role and access of {}", "Lưu vai trò và quyền truy cập của {}"},
    {"users_hint",
     "Add accounts with tapchi user add. You cannot change your own role or access here, so that "
     "a journal always keeps an admin.",
     "Thêm tài khoản bằng lệnh tapchi user add. Bạn không thể tự đổi vai trò hay quyền truy cập "
     "của mình ở đây, để tạp chí luôn còn một quản trị viên."},
    {"done_access_saved", "The account's role and access were saved.",
     "Đã lưu vai trò và quyền truy cập của tài khoản."},
    {"times", "{} ({} times)", "{} ({} lần)"},
    {"audit_caption", "The newest {} entries", "{} mục mới nhất"},
    {"action", "Action", "Việc"},
    {"subject", "Subject", "Đối tượng"},
    {"detail", "Detail", "Chi tiết"},
    // Integrations.
    {"reads_content", "reads published content", "đọc nội dung đã đăng"},
    {"acts_as", "acts as {}", "hoạt động với vai trò {}"},
    {"revoke_key", "Revoke the key {}", "Thu hồi khóa {}"},
    {"revoked_at", "revoked {}", "thu hồi lúc {}"},
    {"delete_webhook", "Delete the webhook for {}", "Xóa webhook gửi tới {}"},
    {"content_key", "Content key: reads published content", "Khóa nội dung: đọc nội dung đã đăng"},
    {"key_as_contributor", "Admin key acting as a contributor",
     "Khóa quản trị với vai trò cộng tác viên"},
    {"key_as_author", "Admin key acting as an author", "Khóa quản trị với vai trò tác giả"},
    {"key_as_editor", "Admin key acting as an editor", "Khóa quản trị với vai trò biên tập viên"},
    {"key_as_admin", "Admin key acting as an admin", "Khóa quản trị với vai trò quản trị viên"},
    {"key_made", "Key “{}” made.", "Đã tạo khóa “{}”."},
    {"hook_added", "Webhook for {} added.", "Đã thêm webhook gửi tới {}."},
    {"integrations_hint",
     "Apps, partner sites and scripts reach the journal through the JSON API under /api/v1/; its "
     "description:",
     "Ứng dụng, trang đối tác và các script kết nối với tạp chí qua JSON API tại /api/v1/; mô tả "
     "của API:"},
    {"api_keys", "API keys", "Khóa API"},
    {"copy_secret", "Copy its secret now: it is shown this once and kept only as a hash.",
     "Hãy sao chép khóa bí mật ngay: nó chỉ hiện một lần và chỉ được lưu dưới dạng mã băm."},
    {"keys_caption", "Keys, newest first", "Các khóa, mới nhất trước"},
    {"key", "Key", "Khóa"},
    {"does", "Does", "Quyền"},
    {"made", "Made", "Tạo lúc"},
    {"state", "State", "Tình trạng"},
    {"revoke", "Revoke", "Thu hồi"},
    {"no_key", "No key yet.", "Chưa có khóa nào."},
    {"key_for", "What the key is for", "Khóa dùng vào việc gì"},
    {"key_placeholder", "Wire desk script", "Script của ban tin"},
    {"it_may", "It may", "Quyền của khóa"},
    {"make_key", "Make a key", "Tạo khóa"},
    {"webhooks", "Webhooks", "Webhook"},
    {"signing_secret",
     "Its signing secret, shown this once: each delivery carries X-Tapchi-Signature: sha256= and "
     "the HMAC-SHA-256 of <X-Tapchi-Timestamp>.<body> with it.",
     "Khóa ký, chỉ hiện một lần: mỗi lần gửi kèm X-Tapchi-Signature: sha256= và HMAC-SHA-256 "
     "của <X-Tapchi-Timestamp>.<body> tính bằng khóa này."},
    {"paused", "paused", "tạm dừng"},
    {"told_of", "Told of", "Thông báo về"},
    {"recent_deliveries", "Recent deliveries", "Các lần gửi gần đây"},
    {"event", "Event", "Sự kiện"},
    {"attempts", "Attempts", "Số lần thử"},
    {"last_answer", "Last answer", "Trả lời gần nhất"},
    {"no_delivery", "No delivery yet.", "Chưa gửi lần nào."},
    {"no_webhook", "No webhook yet.", "Chưa có webhook nào."},
    {"hook_address", "Address (http:// or https://)", "Địa chỉ (http:// hoặc https://)"},
    {"events", "Events", "Sự kiện"},
    {"add_webhook", "Add the webhook", "Thêm webhook"},
    {"done_key_revoked", "The key was revoked.", "Đã thu hồi khóa."},
    {"done_webhook_deleted", "The webhook was deleted.", "Đã xóa webhook."},
    // The article list.
    {"articles_caption", "{} of {} articles, newest first", "{} trong {} bài, mới nhất trước"},
    {"filter_articles", "Filter the articles", "Lọc bài viết"},
    {"all_editions", "All editions", "Mọi ấn bản"},
    {"all_sections", "All sections", "Mọi chuyên mục"},
    {"any_status", "Any status", "Mọi trạng thái"},
    {"any_author", "Any author", "Mọi tác giả"},
    {"published_column", "Published", "Đăng lúc"},
    {"no_article_matches", "No article matches.", "Không có bài nào khớp."},
    // Front pages.
    {"front_pages", "Front pages", "Trang nhất"},
    {"front_page", "Front page", "Trang chủ"},
    {"front_of", "Front page of {}", "Trang chủ của {}"},
    {"section_page_of", "Section page: {}", "Trang chuyên mục: {}"},
    {"pages_of_edition", "Pages of the edition", "Các trang của ấn bản"},
    {"lead_story", "Lead story", "Bài đinh"},
    {"top_story_n", "Top story {}", "Bài nổi bật {}"},
    {"no_photo", "no photo", "không có ảnh"},
    {"pin_lapsed", "This pin has lapsed; the newest fill its place.",
     "Lựa chọn này đã hết hạn; bài mới nhất lấp vào chỗ của nó."},
    {"newest_fills", "Not chosen: the newest article fills it", "Chưa chọn: bài mới nhất lấp vào"},
    {"pin_until", "Chosen until (empty: until changed)", "Giữ đến (để trống: đến khi đổi)"},
    {"save_front", "Save the choice", "Lưu lựa chọn"},
    {"pins_hint",
     "Times are in {}. Places not chosen, and pins that lapse, fill with the newest articles; "
     "the lead with the newest that has a photo.",
     "Thời gian theo múi giờ {}. Vị trí chưa chọn và lựa chọn đã hết hạn được lấp bằng bài mới "
     "nhất; bài đinh là bài mới nhất có ảnh."},
    {"no_such_section", "There is no such section in this edition.",
     "Ấn bản này không có chuyên mục đó."},
    {"done_front_saved", "The front page is saved and shown to readers.",
     "Đã lưu, độc giả thấy ngay trang mới."},
};

// How many placeholders "{}" a text holds.
constexpr std::size_t placeholders(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = text.find("{}"); at != std::string_view::npos;
       at = text.find("{}", at + 2)) {
    ++n;
  }
  return n;
}

consteval bool labels_are_whole() {
  for (std::size_t i = 0; i < std::size(kLabels); ++i) {
    const Label& l = kLabels[i];
    if (l.key.empty() || l.english.empty() || l.vietnamese.empty() ||
        placeholders(l.english) != placeholders(l.vietnamese)) {
      return false;
    }
    for (std::size_t j = i + 1; j < std::size(kLabels); ++j) {
      if (kLabels[j].key == l.key) {
        return false;
      }
    }
  }
  return true;
}
static_assert(labels_are_whole(),
              "every back-office label needs a key of its own, English and Vietnamese, with as "
              "many {} in each");

// A label as code names it: Text("save"). The key is looked up when the code is compiled.
class Text {
 public:
  consteval Text(const char* key) : index_(find(key)) {}  // NOLINT: a key reads as its label
  constexpr std::size_t index() const { return index_; }

 private:
  static consteval std::size_t find(std::string_view key) {
    for (std::size_t i = 0; i < std::size(kLabels); ++i) {
      if (kLabels[i].key == key) {
        return i;
      }
    }
    throw "no back-office label has this key";  // not a constant: the build stops here
  }
  std::size_t index_;
};

inline std::string_view text(Language language, Text t) {
  const Label& l = kLabels[t.index()];
  return language == Language::kEnglish ? l.english : l.vietnamese;
}

// "vi…" is Vietnamese; everything else is English.
inline Language language_of(std::string_view code) {
  return code.starts_with("vi") ? Language::kVietnamese : Language::kEnglish;
}

inline std::string_view language_code(Language language) {
  return language == Language::kEnglish ? "en" : "vi";
}

}  // namespace tapchi::admin
