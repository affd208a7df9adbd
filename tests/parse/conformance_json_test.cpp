#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.h"

namespace {

using nlohmann::json;

// Given absent values and empty lists, we should print null and [] as the contract says.
TEST(ConformanceJson, GivenAbsentValues_WeShouldPrintNullAndEmptyLists) {
  const json j = json::parse(parse::to_conformance_json(
      parse::parse_feed("<rss version=\"2.0\"><channel><item/></channel></rss>", {})));
  EXPECT_EQ(j["bozo"], false);
  EXPECT_EQ(j["version"], "rss20");
  EXPECT_TRUE(j["feed"]["title"].is_null());
  EXPECT_EQ(j["feed"]["tags"], json::array());
  ASSERT_EQ(j["entries"].size(), 1u);
  EXPECT_TRUE(j["entries"][0]["published"].is_null());
  EXPECT_EQ(j["entries"][0]["enclosures"], json::array());
}

// Given a full entry, we should print dates as UTC ISO strings and lengths as strings.
TEST(ConformanceJson, GivenAFullEntry_WeShouldFormatDatesAndEnclosures) {
  const json j = json::parse(parse::to_conformance_json(parsetest::parse_fixture("rss20.xml")));
  const json& e = j["entries"][0];
  EXPECT_EQ(e["published"], "2025-06-10T11:05:00Z");
  EXPECT_EQ(e["enclosures"][0]["length"], "1234");
  EXPECT_EQ(e["links"][1]["rel"], "enclosure");
}

}  // namespace
