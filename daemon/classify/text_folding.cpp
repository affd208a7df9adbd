#include "classify/text_folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

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

// Applies the per-character rules to decomposed text.
icu::UnicodeString fold_characters(const icu::UnicodeString& decomposed) {
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (is_dropped_mark(c)) continue;
    if (!is_word_char(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(u' '));
    pending_space = false;
    out.append(ascii_digit(unify_letter(c)));
  }
  return out;
}

}  // namespace

std::string fold_text(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return {};  // ICU data missing: nothing can match
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(),
                                                                  static_cast<int32_t>(utf8.size())));
  const icu::UnicodeString folded = nfkc_cf->normalize(input, status);
  const icu::UnicodeString decomposed = nfd->normalize(folded, status);
  const icu::UnicodeString result = nfc->normalize(fold_characters(decomposed), status);
  if (U_FAILURE(status)) return {};
  std::string out;
  result.toUTF8String(out);
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
