#include "classify/text_folding.h"

#include <gtest/gtest.h>

namespace classify {
namespace {

// Given Persian and Arabic spellings of the same word, we should fold them to one string.
TEST(TextFolding, GivenPersianAndArabicLetterVariantsWeShouldFoldThemTogether) {
  EXPECT_EQ(fold_text("ایران"), fold_text("ايران"));   // Persian yeh vs Arabic yeh
  EXPECT_EQ(fold_text("کشور"), fold_text("كشور"));     // Persian keheh vs Arabic kaf
  EXPECT_EQ(fold_text("إيران"), fold_text("ايران"));   // alef with hamza below
  EXPECT_EQ(fold_text("معاهدة"), fold_text("معاهده"));  // teh marbuta
}

// Given ZWNJ, tatweel and harakat, we should drop them.
TEST(TextFolding, GivenZeroWidthJoinersTatweelAndHarakatWeShouldDropThem) {
  EXPECT_EQ(fold_text("تفاهم\u200Cنامه"), "تفاهمنامه");
  EXPECT_EQ(fold_text("ايـــران"), "ايران");
  EXPECT_EQ(fold_text("مُعَاهَدَة"), fold_text("معاهدة"));
}

// Given Latin and Cyrillic accents, capitals and punctuation, we should fold to plain words.
TEST(TextFolding, GivenAccentsCapitalsAndPunctuationWeShouldFoldToPlainWords) {
  EXPECT_EQ(fold_text("  Irán, RÚSSIA & l’Iran!  "), "iran russia l iran");
  EXPECT_EQ(fold_text("İran'la"), "iran la");
  EXPECT_EQ(fold_text("Договорённость"), "договоренность");
  EXPECT_EQ(fold_text("ＩＲＡＮ"), "iran");  // full-width (NFKC)
  EXPECT_EQ(fold_text("۲۰ ٢٠"), "20 20");    // Persian and Arabic-Indic digits
}

// Given malformed UTF-8, we should still return a string, not crash.
TEST(TextFolding, GivenMalformedUtf8WeShouldNotCrash) {
  EXPECT_EQ(fold_text("iran\xC3\x28russia\xFF"), "iran russia");
  EXPECT_EQ(fold_text(""), "");
}

// Given Han and kana text, we should recognise scripts written without spaces.
TEST(TextFolding, GivenHanOrKanaWeShouldReportAnUnspacedScript) {
  EXPECT_TRUE(contains_unspaced_script("伊朗"));
  EXPECT_TRUE(contains_unspaced_script("イラン"));
  EXPECT_FALSE(contains_unspaced_script("иран"));
}

}  // namespace
}  // namespace classify
