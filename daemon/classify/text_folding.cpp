#include "classify/text_folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace classify {
namespace {

// Marks that only carry accents or vowelling; dropping them lets "Irã", "İran", "ё" and
// vowelled Arabic match their plain spellings.
bool is_dropped_mark(UChar32 c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // Latin/Greek/Cyrillic combining diacritics
         (c >= 0x0483 && c <= 0x0489) ||  // Cyrillic combining marks
         (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06ED) ||  // Arabic harakat and Quranic marks
         c == 0x0640 ||                   // tatweel
         c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF;  // zero-width characters
}

// Arabic-script letters that Arabic and Persian writers use interchangeably.
UChar32 unify_letter(UChar32 c) {
  switch (c) {
    case 0x0649: case 0x06CC: case 0x06D2: case 0x0626: return 0x064A;  // ى ی ے ئ → ي
    case 0x06A9: return 0x0643;                                         // ک → ك
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: return 0x0627;  // أ إ آ ٱ → ا
    case 0x0624: return 0x0648;                                         // ؤ → و
    case 0x0629: case 0x06C0: case 0x06D5: return 0x0647;               // ة ۀ ە → ه
    default: return c;
  }
}

bool is_word_char(UChar32 c) {
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

UChar32 ascii_digit(UChar32 c) {
  return u_charType(c) == U_DECIMAL_DIGIT_NUMBER ? U'0' + u_charDigitValue(c) : c;
}

// The folded form of one code point as UTF-8, with ' ' standing for a separator: "" for a
// dropped mark, " " for punctuation, "e" for "É", "tel" for "℡", "1 2" for "½". Uses ICU; only
// called once per code point and cached by block (see Blocks below).
std::string fold_code_point_with_icu(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return " ";  // ICU data missing: nothing can match
  const icu::UnicodeString decomposed = nfd->normalize(nfkc_cf->normalize(icu::UnicodeString(cp), status), status);
  icu::UnicodeString kept;
  std::string out;
  auto flush = [&] {
    std::string word;
    nfc->normalize(kept, status).toUTF8String(word);
    out += word;
    kept.remove();
  };
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (is_dropped_mark(c)) continue;
    if (is_word_char(c)) {
      kept.append(ascii_digit(unify_letter(c)));
    } else {
      flush();
      if (out.empty() || out.back() != ' ') out += ' ';
    }
  }
  flush();
  return U_FAILURE(status) ? " " : out;
}

// Folded forms of every code point, computed lazily per block of 256 code points and kept for
// the life of the process (a few blocks per script actually used). Lookups are lock-free.
class Blocks {
 public:
  std::string_view get(UChar32 cp) {
    const auto index = static_cast<std::size_t>(cp) >> 8;
    const Block* block = blocks_[index].load(std::memory_order_acquire);
    if (block == nullptr) block = build(index);
    const auto low = static_cast<std::size_t>(cp) & 0xFF;
    return std::string_view(block->pool).substr(block->offset[low], block->offset[low + 1] - block->offset[low]);
  }

 private:
  struct Block {
    std::string pool;
    std::array<uint32_t, 257> offset{};
  };
  const Block* build(std::size_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const Block* ready = blocks_[index].load(std::memory_order_acquire)) return ready;
    auto block = std::make_unique<Block>();
    for (std::size_t low = 0; low < 256; ++low) {
      block->offset[low] = static_cast<uint32_t>(block->pool.size());
      block->pool += fold_code_point_with_icu(static_cast<UChar32>((index << 8) | low));
    }
    block->offset[256] = static_cast<uint32_t>(block->pool.size());
    owned_.push_back(std::move(block));
    blocks_[index].store(owned_.back().get(), std::memory_order_release);
    return owned_.back().get();
  }
  std::array<std::atomic<const Block*>, 0x110000 / 256> blocks_{};
  std::mutex mutex_;
  std::vector<std::unique_ptr<Block>> owned_;
};

Blocks& blocks() {
  static Blocks* instance = new Blocks();  // never destroyed: classify() may run during exit
  return *instance;
}

// ASCII needs no table lookup beyond this: lower-cased letters and digits, 0 for a separator.
constexpr std::array<char, 128> kAscii = [] {
  std::array<char, 128> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<char>(c - 'A' + 'a');
  return table;
}();

}  // namespace

void fold_append(std::string_view utf8, std::string& out) {
  const std::size_t start = out.size();
  bool pending_space = false;
  auto put = [&](char c) {
    if (c == ' ') {
      pending_space = out.size() > start;
      return;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    if (bytes[i] < 0x80) {
      const char c = kAscii[bytes[i++]];
      put(c == 0 ? ' ' : c);
      continue;
    }
    UChar32 cp;
    U8_NEXT(bytes, i, length, cp);
    if (cp < 0) {
      put(' ');  // invalid UTF-8
      continue;
    }
    for (char c : blocks().get(cp)) put(c);
  }
}

std::string fold_text(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  fold_append(utf8, out);
  return out;
}

bool is_unspaced_script(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(cp), &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

bool contains_unspaced_script(std::string_view utf8) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, length, c);
    if (c >= 0 && is_unspaced_script(static_cast<char32_t>(c))) return true;
  }
  return false;
}

}  // namespace classify
