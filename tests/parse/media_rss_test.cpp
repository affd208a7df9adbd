#include <gtest/gtest.h>

#include "fixture.h"

namespace {

using parsetest::parse_fixture;

// Given an item with media:content, media:thumbnail and media:description (relative URLs under
// xml:base), we should read each object and use the description as the summary of last resort.
TEST(MediaRss, GivenMediaElements_WeShouldReadThemIntoTheEntry) {
  const parse::Feed f = parse_fixture("mediarss.xml");
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  ASSERT_EQ(f.entries.size(), 2u);
  const parse::Entry& e = f.entries[0];
  EXPECT_EQ(e.link, "https://video.example.test/clips/signing");
  ASSERT_EQ(e.media.size(), 1u);
  EXPECT_EQ(e.media[0].url, "https://video.example.test/clips/signing.mp4");
  EXPECT_EQ(e.media[0].type, "video/mp4");
  EXPECT_EQ(e.media[0].medium, "video");
  EXPECT_EQ(e.media[0].width, "1280");
  ASSERT_EQ(e.thumbnails.size(), 1u);
  EXPECT_EQ(e.thumbnails[0].url, "https://video.example.test/thumbs/signing.jpg");
  EXPECT_EQ(e.summary, "<p>Leaders sign the treaty.</p>");
}

// Given a media:group, we should read every rendition in it, and the item's own description
// should stay the summary.
TEST(MediaRss, GivenAMediaGroup_WeShouldReadAllRenditions) {
  const parse::Feed f = parse_fixture("mediarss.xml");
  ASSERT_EQ(f.entries.size(), 2u);
  const parse::Entry& e = f.entries[1];
  ASSERT_EQ(e.media.size(), 2u);
  EXPECT_EQ(e.media[1].url, "https://cdn.example.test/high.mp4");
  ASSERT_EQ(e.thumbnails.size(), 1u);
  EXPECT_EQ(e.summary, "Own description wins.");
  EXPECT_TRUE(e.enclosures.empty());  // media objects are not RSS enclosures
}

}  // namespace
