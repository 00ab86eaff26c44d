// The words the theme shows around content, in each language it speaks. Private to render.
#pragma once
#include <string>
#include <string_view>

namespace tapchi::render {

struct Labels {
  std::string_view skip_to_content;
  std::string_view sections;
  std::string_view editions;
  std::string_view published;
  std::string_view updated;
  std::string_view by;
  std::string_view tags;
  std::string_view your_comment;  // "Your Comment"
  std::string_view comments_closed;
  std::string_view no_comments;
  std::string_view staff;
  std::string_view name;
  std::string_view email;
  std::string_view email_hint;
  std::string_view comment;
  std::string_view send;
  std::string_view reply;
  std::string_view related;
  std::string_view latest;
  std::string_view most_read;
  std::string_view more;
  std::string_view previous;
  std::string_view next;
  std::string_view page;
  std::string_view of;
  std::string_view archive;
  std::string_view articles;
  std::string_view not_found_title;
  std::string_view not_found_text;
  std::string_view back_home;
  std::string_view read_in;  // "Read in"
  std::string_view photo;    // "photo", as in "(photo: VNA)"
  // The comment form and what it answers.
  std::string_view leave_comment;  // the form's heading
  std::string_view replying_to;    // "Replying to"
  std::string_view cancel_reply;
  std::string_view moderated_note;  // comments wait for the editors
  std::string_view optional;
  std::string_view honeypot;  // the label of the field people leave empty
  std::string_view held;      // notice after sending, moderated
  std::string_view shown;     // notice after sending, published at once
  std::string_view name_missing;
  std::string_view name_too_long;
  std::string_view email_missing;
  std::string_view email_malformed;
  std::string_view email_too_long;
  std::string_view body_missing;
  std::string_view body_too_long;
  std::string_view body_links;
  std::string_view malformed;  // text that is not valid UTF-8
  std::string_view expired;    // the form's token is too old or from elsewhere
  std::string_view closed;     // comments closed since the page was shown
  std::string_view too_fast;   // rate limit
  // The search page: its form, its filters and what it says instead of results.
  std::string_view search;
  std::string_view search_placeholder;
  std::string_view results;
  std::string_view filters;
  std::string_view section;
  std::string_view author;
  std::string_view any_section;
  std::string_view any_author;
  std::string_view date_from;
  std::string_view date_to;
  std::string_view sort;
  std::string_view relevance;
  std::string_view newest;
  std::string_view no_results;
  std::string_view try_without_filters;
  std::string_view remove_filters;
  std::string_view query_empty;
  std::string_view query_only_exclusions;
  std::string_view query_too_long;
  std::string_view query_not_text;
  std::string_view query_shortened;
  std::string_view bad_date;
  std::string_view more_results;  // more articles match than are ranked
};

// The message of `key` ("name_missing", "held", …) in `language`, empty for an unknown key.
std::string_view comment_message(std::string_view language, std::string_view key);

// The search page's message of `key` ("query_empty", "bad_date", …) in `language`, empty for an
// unknown key.
std::string_view search_message(std::string_view language, std::string_view key);

// The labels for `language`, or nullptr when the theme does not speak it.
const Labels* labels_for(std::string_view language);

// "(photo: VNA)" / "(Ảnh: TTXVN)".
std::string credit_text(std::string_view language, std::string_view credit);

}  // namespace tapchi::render
