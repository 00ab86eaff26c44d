// What the fuzz targets assert with. A broken property prints what broke and traps in every
// build type (assert is compiled out under NDEBUG), so libFuzzer keeps the input as a crash and
// the corpus replay in `make test` fails on it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapchi::fuzz {

// The fuzzer's input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Stops the run unless `holds`, printing `what` and (cut to a screenful) `text`.
void expect(bool holds, std::string_view what, std::string_view text = {});

// `text` split at '\n', without the newlines; an empty text gives no lines.
std::vector<std::string_view> lines_of(std::string_view text);

// One start tag of an HTML document: its name and attributes (names in lower case, values as
// written, entities left alone), in order.
struct Tag {
  std::string name;  // lower case; "/p" for an end tag
  std::vector<std::pair<std::string, std::string>> attributes;
};

// The tags of `html` in order, read the way a browser's tokenizer reads them: "<" followed by a
// letter or "/" opens a tag, quoted attribute values may hold ">". Comments are skipped.
std::vector<Tag> tags_of(std::string_view html);

// Where `html` would run script: a <script> (or <iframe>, <object>, <embed>, <style>) tag, an
// on…= event attribute, or a javascript:/vbscript:/data: URL in href, src, action or
// formaction. Empty when there is none.
std::string active_content(std::string_view html);

}  // namespace tapchi::fuzz
