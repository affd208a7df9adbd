#include "classify/language_detector.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace classify {
namespace {

struct ScriptCounts {
  std::array<int, USCRIPT_CODE_LIMIT> letters{};
  int total = 0;
  int kana = 0;
  int persian_letters = 0;  // پ چ ژ گ ک ی
  int arabic_letters = 0;   // ة ى ي ك
  int urdu_letters = 0;     // ٹ ڈ ڑ ے
  int ukrainian_letters = 0;  // і ї є ґ
};

void count_arabic_variant(UChar32 c, ScriptCounts& counts) {
  switch (c) {
    case 0x067E: case 0x0686: case 0x0698: case 0x06AF: case 0x06A9: case 0x06CC:
      ++counts.persian_letters; break;
    case 0x0629: case 0x0649: case 0x064A: case 0x0643:
      ++counts.arabic_letters; break;
    case 0x0679: case 0x0688: case 0x0691: case 0x06D2:
      ++counts.urdu_letters; break;
    default: break;
  }
}

ScriptCounts count_scripts(std::string_view raw) {
  ScriptCounts counts;
  const auto* bytes = reinterpret_cast<const uint8_t*>(raw.data());
  const auto length = static_cast<int32_t>(raw.size());
  for (int32_t i = 0; i < length;) {
    if (bytes[i] < 0x80) {  // ASCII: only letters count, and they are Latin
      const uint8_t b = bytes[i++];
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ++counts.letters[USCRIPT_LATIN], ++counts.total;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script < 0 || script >= USCRIPT_CODE_LIMIT) continue;
    ++counts.letters[script];
    ++counts.total;
    if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) ++counts.kana;
    if (script == USCRIPT_ARABIC) count_arabic_variant(c, counts);
    if (c == 0x0456 || c == 0x0457 || c == 0x0454 || c == 0x0491) ++counts.ukrainian_letters;
  }
  return counts;
}

struct Stopwords {
  std::string_view language;
  std::vector<std::string_view> words;
};

// Frequent function words, already folded (lower case, no diacritics).
const std::array<Stopwords, 10>& latin_stopwords() {
  static const std::array<Stopwords, 10> table = {{
      {"en", {"the", "and", "of", "to", "is", "that", "with", "for", "was", "said", "has", "by", "its", "will", "have"}},
      {"es", {"el", "los", "las", "del", "que", "y", "con", "por", "para", "una", "se", "al", "su", "como", "entre"}},
      {"fr", {"le", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "avec", "au", "aux", "qui", "entre"}},
      {"de", {"der", "die", "das", "und", "ist", "mit", "den", "dem", "von", "zu", "nicht", "ein", "eine", "auf", "sich"}},
      {"it", {"il", "di", "che", "e", "della", "per", "con", "gli", "nel", "ha", "delle", "sono", "tra", "alla", "dei"}},
      {"pt", {"o", "os", "do", "da", "que", "e", "em", "com", "para", "uma", "nao", "dos", "das", "pelo", "entre"}},
      {"tr", {"ve", "bir", "bu", "ile", "icin", "olarak", "cok", "gibi", "daha", "olan", "ki", "arasinda", "da", "de", "en"}},
      {"id", {"yang", "dan", "di", "dengan", "untuk", "ini", "itu", "dari", "dalam", "akan", "pada", "tidak", "ke", "oleh", "juga"}},
      {"nl", {"het", "een", "en", "van", "niet", "dat", "op", "zijn", "voor", "met", "ook", "werd", "naar", "bij", "heeft"}},
      {"lb", {"an", "ass", "mat", "fir", "vun", "net", "ze", "och", "hunn", "huet", "ginn", "gëtt", "dem", "eng", "sinn"}},
  }};
  return table;
}

// Every stopword → the languages (bit per table row) it belongs to: one lookup per word.
const std::unordered_map<std::string_view, unsigned>& stopword_languages() {
  static const auto* index = [] {
    auto* map = new std::unordered_map<std::string_view, unsigned>();
    const auto& table = latin_stopwords();
    for (std::size_t l = 0; l < table.size(); ++l) {
      for (std::string_view word : table[l].words) (*map)[word] |= 1u << l;
    }
    return map;
  }();
  return *index;
}

// Enough words to tell the languages apart; reading more only costs time.
constexpr std::size_t kLatinSampleBytes = 2048;

std::string guess_latin(std::string_view folded, std::string_view hint) {
  std::array<int, 10> hits{};
  const auto& table = latin_stopwords();
  const auto& index = stopword_languages();
  folded = folded.substr(0, kLatinSampleBytes);
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) {
      const auto found = index.find(folded.substr(start, end - start));
      if (found != index.end()) {
        for (std::size_t l = 0; l < table.size(); ++l) hits[l] += (found->second >> l) & 1u;
      }
    }
    start = end + 1;
  }
  const auto best = std::max_element(hits.begin(), hits.end());
  if (*best < 2 && !hint.empty()) return std::string(hint);
  if (*best == 0) return "";
  return std::string(table[static_cast<std::size_t>(best - hits.begin())].language);
}

std::string guess_arabic_script(const ScriptCounts& counts) {
  if (counts.urdu_letters > 2 && counts.urdu_letters * 4 > counts.persian_letters) return "ur";
  return counts.persian_letters > counts.arabic_letters ? "fa" : "ar";
}

std::string language_of_script(UScriptCode script, const ScriptCounts& counts) {
  switch (script) {
    case USCRIPT_CYRILLIC: return counts.ukrainian_letters > 2 ? "uk" : "ru";
    case USCRIPT_ARABIC: return guess_arabic_script(counts);
    case USCRIPT_HAN: return counts.kana > 0 ? "ja" : "zh";
    case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: return "ja";
    case USCRIPT_HANGUL: return "ko";
    case USCRIPT_ARMENIAN: return "hy";
    case USCRIPT_DEVANAGARI: return "hi";
    case USCRIPT_TAMIL: return "ta";
    case USCRIPT_GREEK: return "el";
    case USCRIPT_HEBREW: return "he";
    case USCRIPT_GEORGIAN: return "ka";
    case USCRIPT_THAI: return "th";
    case USCRIPT_BENGALI: return "bn";
    default: return "";
  }
}

}  // namespace

std::string detect_language(std::string_view raw, std::string_view folded, std::string_view hint) {
  const ScriptCounts counts = count_scripts(raw);
  if (counts.total == 0) return std::string(hint);
  const auto dominant = static_cast<UScriptCode>(
      std::max_element(counts.letters.begin(), counts.letters.end()) - counts.letters.begin());
  if (dominant == USCRIPT_LATIN) return guess_latin(folded, hint);
  std::string language = language_of_script(dominant, counts);
  return language.empty() ? std::string(hint) : language;
}

}  // namespace classify
