// The shipped profile on invented sentences: one behaviour per test.
#include "classify/topic_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "shipped_profile.h"
#include "support/paths.h"

namespace classify {
namespace {

class TopicFilterTest : public ::testing::Test {
 protected:
  Verdict classify(std::string title, std::string text = "") const {
    return filter_.classify({"t", std::move(title), std::move(text), ""});
  }
  TopicFilter filter_{classify_test::shipped_profile()};
};

bool has_role(const Verdict& verdict, std::string_view role) {
  return std::any_of(verdict.evidence.begin(), verdict.evidence.end(),
                     [&](const Evidence& e) { return e.role == role; });
}

// Given an on-topic headline in many languages, we should match each one.
TEST_F(TopicFilterTest, GivenAnOnTopicHeadlineInManyLanguagesWeShouldMatch) {
  const std::vector<std::pair<std::string, std::string>> headlines = {
      {"en", "Tehran and Moscow sign a railway treaty after long talks"},
      {"ru", "Москва и Тегеран подписали соглашение о поставках зерна"},
      {"fa", "ایران و روسیه تفاهم‌نامه همکاری بانکی امضا کردند"},
      {"ar", "روسيا وإيران توقعان اتفاقية جديدة للنقل البري"},
      {"zh", "俄罗斯与伊朗签署新的能源协议"},
      {"ja", "ロシアとイラン、新たな貿易協定に署名"},
      {"es", "Irán y Rusia firman un tratado sobre transporte ferroviario"},
      {"fr", "L'Iran et la Russie signent un accord sur l'énergie nucléaire"},
      {"de", "Iran und Russland unterzeichnen ein Abkommen über Getreide"},
      {"tr", "İran ve Rusya demiryolu anlaşması imzaladı"},
      {"it", "Iran e Russia firmano un accordo sul gas"},
      {"pt", "Irã e Rússia assinam acordo para a cooperação do setor de energia"},
  };
  for (const auto& [language, headline] : headlines) {
    const Verdict verdict = classify(headline);
    EXPECT_TRUE(verdict.match) << language << ": " << headline;
    EXPECT_EQ(verdict.language, language) << headline;
    EXPECT_EQ(verdict.profile, "iran-russia-treaty");
  }
}

// Given a match, we should explain it: agreement and both parties with their sentence, a stage.
TEST_F(TopicFilterTest, GivenAMatchWeShouldCarryEvidenceAndAStage) {
  const Verdict verdict = classify("Duma ratifies the treaty with Iran",
                                   "Russian lawmakers approved the partnership treaty with Iran on Tuesday.");
  ASSERT_TRUE(verdict.match);
  EXPECT_EQ(verdict.stage, "ratified");
  EXPECT_TRUE(has_role(verdict, "agreement"));
  EXPECT_TRUE(has_role(verdict, "iran"));
  EXPECT_TRUE(has_role(verdict, "russia"));
  EXPECT_EQ(verdict.evidence.front().field, "title");
  EXPECT_EQ(verdict.evidence.front().sentence, "Duma ratifies the treaty with Iran");
}

// Given a Russia–DPRK treaty story that mentions Iran in passing, we should not match.
TEST_F(TopicFilterTest, GivenARussiaNorthKoreaTreatyMentioningIranWeShouldNotMatch) {
  const Verdict verdict = classify(
      "Moscow and Pyongyang sign mutual defence treaty",
      "Russia and North Korea signed a treaty promising mutual aid in case of attack. "
      "The pact was signed by Putin and Kim Jong Un in Pyongyang. "
      "Analysts noted that Moscow has also drawn closer to Iran in recent years. "
      "The North Korea treaty goes further than Russia's agreement with Iran, they said.");
  EXPECT_FALSE(verdict.match) << verdict.score;
}

// Given an Iran–China deal, we should not match.
TEST_F(TopicFilterTest, GivenAnIranChinaDealWeShouldNotMatch) {
  const Verdict verdict = classify("Iran and China sign 25-year cooperation deal",
                                   "Beijing and Tehran signed the agreement on Saturday. Russia was not involved.");
  EXPECT_FALSE(verdict.match) << verdict.score;
}

// Given football teams that "agreed to play", we should not match.
TEST_F(TopicFilterTest, GivenAFootballFriendlyWeShouldNotMatch) {
  EXPECT_FALSE(classify("Iran and Russia agreed to play a friendly match in Tehran").match);
  EXPECT_FALSE(classify("Сборные России и Ирана договорились сыграть товарищеский матч").match);
}

// Given relationship news with no agreement at stake, we should not match.
TEST_F(TopicFilterTest, GivenRelationsWithoutAnAgreementWeShouldNotMatch) {
  EXPECT_FALSE(classify("Putin and Pezeshkian discuss regional security by phone",
                        "The Russian and Iranian presidents praised their strategic partnership.").match);
}

// Given Persian text written with Arabic letter forms and ZWNJ variants, we should match alike.
TEST_F(TopicFilterTest, GivenPersianLetterVariantsWeShouldMatchAlike) {
  const Verdict persian = classify("توافقنامه جدید ایران و روسیه امضا شد");
  const Verdict arabic_forms = classify("توافق\u200Cنامه جديد ايران و روسيه امضا شد");
  EXPECT_TRUE(persian.match);
  EXPECT_TRUE(arabic_forms.match);
  EXPECT_DOUBLE_EQ(persian.score, arabic_forms.score);
}

// Given inflected Russian forms, we should match them through the stem terms.
TEST_F(TopicFilterTest, GivenRussianInflectionsWeShouldMatch) {
  EXPECT_TRUE(classify("Россией и Ираном заключен договор о стратегическом партнерстве").match);
  EXPECT_TRUE(classify("Договором с Ираном займется российский парламент").match);
  EXPECT_TRUE(classify("Иранская делегация обсудит в Москве соглашения о газе").match);
}

// Given the agreement only in the body and a headline about the two countries, we should match;
// given a single passing sentence under an unrelated headline, we should not.
TEST_F(TopicFilterTest, GivenALateAgreementWeShouldMatchOnlyUnderAHeadlineAboutTheParties) {
  const std::string text =
      "Officials met on Monday. They toured a factory. They spoke about prices. "
      "Iran and Russia signed a gas agreement last year.";
  EXPECT_TRUE(classify("Iran and Russia discuss energy ties", text).match);
  EXPECT_FALSE(classify("Oil prices rise again", text).match);
}

// Given empty or garbage input, we should return a non-match, not crash.
TEST_F(TopicFilterTest, GivenEmptyOrGarbageInputWeShouldReturnANonMatch) {
  EXPECT_FALSE(classify("", "").match);
  EXPECT_FALSE(classify("\xFF\xFE\x80", std::string(10000, '.')).match);
  EXPECT_EQ(classify("").stage, "");
}

// Given several threads classifying at once, we should give each the same verdict as alone.
TEST_F(TopicFilterTest, GivenConcurrentCallsWeShouldGiveTheSameVerdicts) {
  const Document document{"d", "Iran, Russia sign visa waiver agreement", "Groups may travel without visas.", ""};
  const Verdict expected = filter_.classify(document);
  std::vector<std::thread> threads;
  std::vector<int> agreeing(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) agreeing[t] += filter_.classify(document).score == expected.score;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : agreeing) EXPECT_EQ(count, 200);
}

}  // namespace
}  // namespace classify

namespace {

std::shared_ptr<const classify::Profile> load_shipped(const std::string& file) {
  classify::ProfileLoad load = classify::load_profile_file(testsupport::source_dir() + "/config/profiles/" + file);
  for (const std::string& error : load.errors) ADD_FAILURE() << error;
  return load.profile;
}

// Given both shipped profiles (Iran–Russia and the Iran–China example) loaded at once, we should
// classify each article with both and have each profile match only its own topic.
TEST(SeveralProfiles, GivenTwoShippedProfilesWeShouldMatchEachArticleOnlyWithItsOwnTopic) {
  const auto russia = load_shipped("iran-russia-treaty.yaml");
  const auto china = load_shipped("iran-china-agreement.yaml");
  ASSERT_TRUE(russia && china);
  EXPECT_EQ(classify::profile_name(*china), "iran-china-agreement");
  const classify::TopicFilter russia_filter(russia), china_filter(china);
  const classify::Document iran_china{
      "ic", "Iran and China sign 25-year cooperation agreement",
      "Tehran and Beijing signed a 25-year cooperation agreement on Saturday covering energy and ports.", ""};
  const classify::Document iran_russia{
      "ir", "Russia and Iran sign partnership treaty",
      "Moscow and Tehran signed a comprehensive strategic partnership treaty at the Kremlin on Friday.", ""};
  EXPECT_TRUE(china_filter.classify(iran_china).match);
  EXPECT_FALSE(russia_filter.classify(iran_china).match);
  EXPECT_TRUE(russia_filter.classify(iran_russia).match);
  EXPECT_FALSE(china_filter.classify(iran_russia).match);
  EXPECT_EQ(china_filter.classify(iran_china).profile, "iran-china-agreement");
}

}  // namespace

namespace {

// Given a headline that names both parties and a lead that says "the memorandum was signed"
// without naming them, we should match: the headline is the context of the lead.
TEST(HeadlineContext, GivenPartiesInTheHeadlineAndASignedAgreementInTheLeadWeShouldMatch) {
  const classify::TopicFilter filter(classify_test::shipped_profile());
  const classify::Verdict v = filter.classify(
      {"h1", "Gazprom and Iran discuss gas price",
       "The companies continue their talks. The memorandum has already been signed, the minister said.", ""});
  EXPECT_TRUE(v.match) << v.score;
}

// Given the same shape where the lead only says no agreement is mentioned, we should not match.
TEST(HeadlineContext, GivenPartiesInTheHeadlineAndAnAgreementThatIsNotThereWeShouldNotMatch) {
  const classify::TopicFilter filter(classify_test::shipped_profile());
  const classify::Verdict v = filter.classify(
      {"h3", "Report: Russia uses Iranian drones in Ukraine",
       "A new report describes Russian units using Iranian drones; it makes no mention of an agreement.", ""});
  EXPECT_FALSE(v.match) << v.score;
}

// Given the same headline and a lead that only says no documents were signed (a soft term), we
// should not match: a meeting without an agreement is off-topic.
TEST(HeadlineContext, GivenPartiesInTheHeadlineAndOnlyUnsignedDocumentsWeShouldNotMatch) {
  const classify::TopicFilter filter(classify_test::shipped_profile());
  const classify::Verdict v = filter.classify(
      {"h2", "Lavrov and Araghchi meet in Moscow",
       "The ministers discussed the region. No documents were signed.", ""});
  EXPECT_FALSE(v.match) << v.score;
}

}  // namespace
