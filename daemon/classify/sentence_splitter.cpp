#include "classify/sentence_splitter.h"

#include <array>

namespace classify {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Terminators that end a sentence wherever they stand (UTF-8 encoded).
constexpr std::array<std::string_view, 7> kHardStops = {
    "\xE3\x80\x82",  // 。
    "\xEF\xBC\x81",  // ！
    "\xEF\xBC\x9F",  // ？
    "\xD8\x9F",      // ؟
    "\xE0\xA5\xA4",  // ।
    "\xE2\x80\xA6",  // …
    "\xEF\xBC\x8E",  // ．
};

// Bytes that can begin a terminator; every other byte is skipped with one table load.
constexpr std::array<bool, 256> kMayEnd = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : std::string_view("\n.!?;")) table[c] = true;
  for (std::string_view stop : kHardStops) table[static_cast<unsigned char>(stop[0])] = true;
  return table;
}();

// Length of the terminator starting at `i`, or 0 when the sentence does not end there.
std::size_t terminator_length(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '\n') return 1;
  if (c == '.' || c == '!' || c == '?' || c == ';') {
    return (i + 1 == text.size() || is_space(text[i + 1]) || text[i + 1] == '\n') ? 1 : 0;
  }
  if (static_cast<unsigned char>(c) < 0x80) return 0;
  for (std::string_view stop : kHardStops) {
    if (c == stop[0] && text.substr(i, stop.size()) == stop) return stop.size();
  }
  return 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string_view> split_sentences(std::string_view text) {
  std::vector<std::string_view> sentences;
  std::size_t start = 0;
  auto emit = [&](std::size_t end) {
    const std::string_view sentence = trim(text.substr(start, end - start));
    if (!sentence.empty()) sentences.push_back(sentence);
  };
  for (std::size_t i = 0; i < text.size();) {
    if (!kMayEnd[static_cast<unsigned char>(text[i])]) {
      ++i;
      continue;
    }
    const std::size_t length = terminator_length(text, i);
    if (length == 0) {
      ++i;
      continue;
    }
    i += length;
    emit(i);
    start = i;
  }
  emit(text.size());
  return sentences;
}

}  // namespace classify
