// Page views as Mustache data. Private to render: the only place that knows template field names.
#pragma once
#include <kainjow/mustache.hpp>

#include "render/labels.h"
#include "render/render.h"

namespace tapchi::render {

kainjow::mustache::data labels_data(const Labels* labels);
kainjow::mustache::data frame_data(const Frame& f);
kainjow::mustache::data home_data(const HomeView& v);
kainjow::mustache::data article_data(const ArticleView& v);
kainjow::mustache::data list_data(const ListView& v);
kainjow::mustache::data author_data(const AuthorView& v);
kainjow::mustache::data page_data(const PageView& v);
kainjow::mustache::data archive_data(const ArchiveIndexView& v);
kainjow::mustache::data search_data(const SearchView& v);

// Plain text as paragraphs: blank lines separate them, single newlines become <br>. Escaped.
std::string text_to_paragraphs(std::string_view text);

}  // namespace tapchi::render
