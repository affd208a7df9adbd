#include "classify/sentence_splitter.h"

#include <gtest/gtest.h>

namespace classify {
namespace {

using Sentences = std::vector<std::string_view>;

// Given Latin text with full stops, questions and line breaks, we should split at each.
TEST(SentenceSplitter, GivenStopsAndLineBreaksWeShouldSplitAtEach) {
  EXPECT_EQ(split_sentences("One two. Three?\nFour"), (Sentences{"One two.", "Three?", "Four"}));
}

// Given a decimal number, we should not split inside it.
TEST(SentenceSplitter, GivenADecimalNumberWeShouldNotSplitInsideIt) {
  EXPECT_EQ(split_sentences("Rates rose 3.5 percent today."), (Sentences{"Rates rose 3.5 percent today."}));
}

// Given Chinese and Arabic terminators without spaces after them, we should still split.
TEST(SentenceSplitter, GivenCjkAndArabicTerminatorsWeShouldSplit) {
  EXPECT_EQ(split_sentences("甲乙。丙丁！"), (Sentences{"甲乙。", "丙丁！"}));
  EXPECT_EQ(split_sentences("هل؟ نعم"), (Sentences{"هل؟", "نعم"}));
}

// Given only white space, we should return no sentences.
TEST(SentenceSplitter, GivenOnlyWhiteSpaceWeShouldReturnNothing) {
  EXPECT_TRUE(split_sentences(" \n\t\n ").empty());
}

}  // namespace
}  // namespace classify
