#include "classify/language_detector.h"

#include <gtest/gtest.h>

#include "classify/text_folding.h"

namespace classify {
namespace {

std::string detect(std::string_view text, std::string_view hint = "") {
  return detect_language(text, fold_text(text), hint);
}

// Given text in various scripts, we should name its language.
TEST(LanguageDetector, GivenNonLatinScriptsWeShouldNameTheLanguage) {
  EXPECT_EQ(detect("Министры обсудили новый договор"), "ru");
  EXPECT_EQ(detect("وزیران درباره پیمان گفتگو کردند"), "fa");
  EXPECT_EQ(detect("ناقش الوزيران اتفاقية جديدة في العاصمة"), "ar");
  EXPECT_EQ(detect("两国部长讨论新的条约"), "zh");
  EXPECT_EQ(detect("両国の大臣が新しい条約について話し合った"), "ja");
}

// Given Latin-script text, we should tell languages apart by their function words.
TEST(LanguageDetector, GivenLatinTextWeShouldUseFunctionWords) {
  EXPECT_EQ(detect("The ministers said that the plan was ready for the summit"), "en");
  EXPECT_EQ(detect("Los ministros dijeron que el plan estaba listo para la cumbre"), "es");
  EXPECT_EQ(detect("Die Minister sagten, dass der Plan für den Gipfel bereit ist und mit uns"), "de");
  EXPECT_EQ(detect("Les ministres ont dit que le plan est prêt pour le sommet avec les"), "fr");
}

// Given too little text to judge, we should fall back to the hint.
TEST(LanguageDetector, GivenTooLittleTextWeShouldFallBackToTheHint) {
  EXPECT_EQ(detect("Xyz", "pt"), "pt");
  EXPECT_EQ(detect("", "it"), "it");
}

}  // namespace
}  // namespace classify
