#include <gtest/gtest.h>

#include "parse/parser.h"

namespace {

// Given inline markup and entities, we should keep only the decoded text.
TEST(HtmlToText, GivenInlineMarkupAndEntities_WeShouldReturnPlainText) {
  EXPECT_EQ(parse::html_to_text("<b>Iran</b> &amp; <i>Russia</i>&nbsp;sign&#x21;"),
            "Iran & Russia\u00a0sign!");
}

// Given block elements, we should separate them by newlines and collapse other whitespace.
TEST(HtmlToText, GivenBlockElements_WeShouldEmitNewlines) {
  EXPECT_EQ(parse::html_to_text("<p>One   two</p>\n\n<p>Three<br/>four</p>"),
            "One two\nThree\nfour");
}

// Given script and style elements and comments, we should drop their content entirely.
TEST(HtmlToText, GivenScriptStyleAndComments_WeShouldDropThem) {
  EXPECT_EQ(parse::html_to_text("a<script>var x = '<p>';</script>b<style>p{}</style>c<!-- d -->e"),
            "abce");
}

// Given broken markup, we should still return something sensible and never crash.
TEST(HtmlToText, GivenBrokenMarkup_WeShouldNotCrash) {
  EXPECT_EQ(parse::html_to_text("x < y & z"), "x < y & z");
  EXPECT_EQ(parse::html_to_text("unterminated <b"), "unterminated");
  EXPECT_EQ(parse::html_to_text("AT&T; &unknown; &#99999999;"), "AT&T; &unknown; &#99999999;");
  EXPECT_EQ(parse::html_to_text(""), "");
}

}  // namespace
