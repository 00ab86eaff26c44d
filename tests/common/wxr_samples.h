// WordPress exports written for the tests, as WordPress 6 writes them (WXR 1.2): a Vietnamese
// journal with categories (one a child), tags, two authors, posts in every status, a page, an
// attachment, threaded comments of every status, a pingback, shortcodes and block markup.
#pragma once
#include <string>

namespace tapchi::testing {

inline std::string wxr_head(const std::string& version = "1.2") {
  return R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/)" +
         version + R"(/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/)" +
         version + R"(/"
>
<channel>
	<title><![CDATA[Báo Cũ]]></title>
	<link>https://bao-cu.example</link>
	<description><![CDATA[Tin tức]]></description>
	<language>vi</language>
	<wp:wxr_version>)" +
         version + R"(</wp:wxr_version>
	<wp:base_site_url>https://bao-cu.example</wp:base_site_url>
	<wp:base_blog_url>https://bao-cu.example</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[lan]]></wp:author_login><wp:author_email><![CDATA[lan@bao-cu.example]]></wp:author_email><wp:author_display_name><![CDATA[Nguyễn Thị Lan]]></wp:author_display_name><wp:author_first_name><![CDATA[Lan]]></wp:author_first_name><wp:author_last_name><![CDATA[Nguyễn]]></wp:author_last_name></wp:author>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[minh]]></wp:author_login><wp:author_email><![CDATA[minh@bao-cu.example]]></wp:author_email><wp:author_display_name><![CDATA[Trần Minh]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[thoi-su]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Thời sự]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[ha-noi]]></wp:category_nicename><wp:category_parent><![CDATA[thoi-su]]></wp:category_parent><wp:cat_name><![CDATA[Hà Nội]]></wp:cat_name></wp:category>
	<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug><![CDATA[giao-thong]]></wp:tag_slug><wp:tag_name><![CDATA[Giao thông]]></wp:tag_name></wp:tag>
)";
}

inline std::string wxr_tail() { return "</channel>\n</rss>\n"; }

// One <item>; `extra` goes inside it (terms, postmeta, comments).
inline std::string wxr_item(const std::string& id, const std::string& title,
                            const std::string& slug, const std::string& status,
                            const std::string& type, const std::string& content,
                            const std::string& extra = {},
                            const std::string& date_gmt = "2019-08-26 00:06:00") {
  return R"(	<item>
		<title><![CDATA[)" +
         title + R"(]]></title>
		<link>https://bao-cu.example/2019/08/26/)" +
         slug + R"(/</link>
		<pubDate>Mon, 26 Aug 2019 00:06:00 +0000</pubDate>
		<dc:creator><![CDATA[lan]]></dc:creator>
		<guid isPermaLink="false">https://bao-cu.example/?p=)" +
         id + R"(</guid>
		<description></description>
		<content:encoded><![CDATA[)" +
         content + R"(]]></content:encoded>
		<excerpt:encoded><![CDATA[Lead of )" +
         title + R"(]]></excerpt:encoded>
		<wp:post_id>)" +
         id + R"(</wp:post_id>
		<wp:post_date><![CDATA[2019-08-26 07:06:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[)" +
         date_gmt + R"(]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2019-08-27 08:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2019-08-27 01:00:00]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[)" +
         slug + R"(]]></wp:post_name>
		<wp:status><![CDATA[)" +
         status + R"(]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[)" +
         type + R"(]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
)" + extra +
         "	</item>\n";
}

inline std::string wxr_comment(const std::string& id, const std::string& parent,
                               const std::string& approved, const std::string& body,
                               const std::string& type = "comment") {
  return R"(		<wp:comment>
			<wp:comment_id>)" +
         id + R"(</wp:comment_id>
			<wp:comment_author><![CDATA[Bạn đọc )" +
         id + R"(]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader)" +
         id + R"(@mail.example]]></wp:comment_author_email>
			<wp:comment_author_url>https://reader.example/</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[203.0.113.9]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2019-08-26 09:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2019-08-26 02:00:)" +
         (id.size() < 2 ? "0" + id : id) + R"(]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[)" +
         body + R"(]]></wp:comment_content>
			<wp:comment_approved><![CDATA[)" +
         approved + R"(]]></wp:comment_approved>
			<wp:comment_type><![CDATA[)" +
         type + R"(]]></wp:comment_type>
			<wp:comment_parent>)" +
         parent + R"(</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
)";
}

inline std::string wxr_term(const std::string& domain, const std::string& slug,
                            const std::string& name) {
  return "\t\t<category domain=\"" + domain + "\" nicename=\"" + slug + "\"><![CDATA[" + name +
         "]]></category>\n";
}

inline std::string wxr_meta(const std::string& key, const std::string& value) {
  return "\t\t<wp:postmeta><wp:meta_key><![CDATA[" + key +
         "]]></wp:meta_key><wp:meta_value><![CDATA[" + value +
         "]]></wp:meta_value></wp:postmeta>\n";
}

}  // namespace tapchi::testing
