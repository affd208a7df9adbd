#include <gtest/gtest.h>

#include "dedup/item_id.h"

namespace {

core::Article article(std::string id, std::string link, std::string title = "Treaty signed") {
  core::Article a;
  a.source = "tass";
  a.id = std::move(id);
  a.link = std::move(link);
  a.title = std::move(title);
  return a;
}

// Given an item with a guid, we should use the guid as published, whatever the link says.
TEST(ItemId, PrefersTheGuid) {
  EXPECT_EQ(dedup::item_id(article("urn:uuid:42", "https://x.example/a")), "urn:uuid:42");
}

// Given no guid, we should use the canonical link, so tracking variants of one link agree.
TEST(ItemId, FallsBackToTheCanonicalLink) {
  EXPECT_EQ(dedup::item_id(article("", "HTTPS://X.example/a?utm_source=rss")),
            "https://x.example/a");
  EXPECT_EQ(dedup::item_id(article("", "https://x.example/a?utm_source=rss")),
            dedup::item_id(article("", "https://x.example/a#top")));
}

// Given neither guid nor link, we should hash source and title: stable, and distinct per field.
TEST(ItemId, FallsBackToAStableHash) {
  const std::string id = dedup::item_id(article("", ""));
  EXPECT_EQ(id.rfind("hash:", 0), 0u);
  EXPECT_EQ(id.size(), 5u + 16u);
  EXPECT_EQ(id, dedup::item_id(article("", "")));
  EXPECT_NE(id, dedup::item_id(article("", "", "Another title")));
  core::Article other = article("", "");
  other.source = "ria";
  EXPECT_NE(id, dedup::item_id(other));
}

// Given the FNV-1a hash is part of the durable state, we should never change it between versions.
TEST(ItemId, HashIsPinned) {
  core::Article a;
  a.source = "s";
  a.title = "t";
  EXPECT_EQ(dedup::item_id(a), "hash:81bd89195c76cc76");  // FNV-1a 64 of "s\0t"
}

}  // namespace
