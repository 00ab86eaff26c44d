// The demo journal's text, written for tapchi, in both languages. Private to app.
#pragma once
#include <string>
#include <vector>

namespace tapchi::app {

struct DemoStory {
  std::string vi_title, en_title;
  std::string vi_lead, en_lead;
  std::vector<std::string> vi_tags, en_tags;
};

struct DemoSection {
  std::string vi_name, en_name;
  std::vector<DemoStory> stories;
};

struct DemoAuthor {
  std::string vi_name, en_name;
  std::string vi_position, en_position;
  std::string vi_bio, en_bio;
};

// Building blocks of article bodies and comments in one language.
struct DemoProse {
  std::vector<std::string> headings;  // numbered in the body: "1. …"
  std::vector<std::string> paragraphs;
  std::vector<std::string> quotations;
  std::vector<std::string> commenters;
  std::vector<std::string> comments;
  std::string staff_reply;
};

const std::vector<DemoSection>& demo_sections();
const std::vector<DemoAuthor>& demo_authors();
const DemoProse& demo_prose(bool is_english);

}  // namespace tapchi::app
