#include "schedule/time_zone.h"

#include <gtest/gtest.h>

namespace cloudlet::schedule {
namespace {

// A version-2 TZif file with no transitions and only a footer rule.
std::string FooterOnlyTzif(std::string_view footer) {
  auto header = [](char version, uint32_t types, uint32_t chars) {
    std::string h = "TZif";
    h += version;
    h.append(15, '\0');
    for (uint32_t count : {0u, 0u, 0u, 0u, types, chars})
      for (int shift = 24; shift >= 0; shift -= 8) h += static_cast<char>(count >> shift & 0xff);
    return h;
  };
  std::string type_record = std::string("\xff\xff\xb9\xb0", 4) + '\0' + '\0';  // -18000, not dst, name 0
  std::string names("EST\0", 4);
  std::string file = header('2', 1, 4) + type_record + names + header('2', 1, 4) + type_record + names;
  file += '\n';
  file += footer;
  file += '\n';
  return file;
}

TEST(TimeZone, ReadsNewYorkFromTheHostDatabase) {
  ZoneDatabase db;
  auto ny = db.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  EXPECT_EQ(ny->OffsetAt(1710054000 - 1), -5 * 3600);  // 2024-03-10 01:59:59 EST
  EXPECT_EQ(ny->OffsetAt(1710054000), -4 * 3600);      // 03:00 EDT
  EXPECT_EQ(ny->OffsetAt(1730613600 - 1), -4 * 3600);  // 2024-11-03 01:59:59 EDT
  EXPECT_EQ(ny->OffsetAt(1730613600), -5 * 3600);      // 01:00 EST again
  EXPECT_EQ(ny->OffsetAt(2855923200), -4 * 3600);      // 2060, beyond most tables: the footer rule
  EXPECT_EQ(db.Find("America/New_York"), ny);          // cached
}

TEST(TimeZone, MapsWallClockTimesThroughGapsAndFolds) {
  ZoneDatabase db;
  auto ny = db.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  auto gap = ny->FromLocal({2024, 3, 10, 2, 30, 0});
  EXPECT_EQ(gap.kind, LocalMapping::kSkipped);
  EXPECT_EQ(gap.first, 1710054000 + 30 * 60);  // read as 03:30 EDT
  auto fold = ny->FromLocal({2024, 11, 3, 1, 30, 0});
  EXPECT_EQ(fold.kind, LocalMapping::kRepeated);
  EXPECT_EQ(fold.first, 1730613600 - 30 * 60);  // 01:30 EDT
  EXPECT_EQ(fold.second, 1730613600 + 30 * 60); // 01:30 EST
  auto plain = ny->FromLocal({2024, 7, 4, 12, 0, 0});
  EXPECT_EQ(plain.kind, LocalMapping::kUnique);
  EXPECT_EQ(ny->ToLocal(plain.first), (CivilTime{2024, 7, 4, 12, 0, 0}));
}

TEST(TimeZone, LordHoweHasHalfHourDaylightSaving) {
  ZoneDatabase db;
  auto lh = db.Find("Australia/Lord_Howe");
  ASSERT_NE(lh, nullptr);
  EXPECT_EQ(lh->OffsetAt(1728142200 - 1), 10 * 3600 + 1800);
  EXPECT_EQ(lh->OffsetAt(1728142200), 11 * 3600);
  EXPECT_EQ(lh->FromLocal({2024, 10, 6, 2, 15, 0}).kind, LocalMapping::kSkipped);
  EXPECT_EQ(lh->FromLocal({2024, 10, 6, 2, 30, 0}).kind, LocalMapping::kUnique);
}

TEST(TimeZone, UnknownOrUnsafeNamesAreNotZones) {
  ZoneDatabase db;
  for (const char* name : {"Mars/Olympus_Mons", "", "../../etc/passwd", "/etc/passwd", "America", "America/New York"})
    EXPECT_EQ(db.Find(name), nullptr) << name;
  EXPECT_NE(db.Find("UTC"), nullptr);
  EXPECT_NE(db.Find("Etc/GMT+5"), nullptr);
}

TEST(TimeZone, FooterRulesAloneGiveTheOffsets) {
  std::string error;
  auto zone = TimeZone::Parse(FooterOnlyTzif("EST5EDT,M3.2.0,M11.1.0"), &error);
  ASSERT_TRUE(zone) << error;
  EXPECT_EQ(zone->OffsetAt(1710054000 - 1), -5 * 3600);
  EXPECT_EQ(zone->OffsetAt(1710054000), -4 * 3600);
  EXPECT_EQ(zone->OffsetAt(1730613600), -5 * 3600);
  // Southern hemisphere, quoted names, minutes, explicit times, Julian days.
  zone = TimeZone::Parse(FooterOnlyTzif("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"), &error);
  ASSERT_TRUE(zone) << error;
  EXPECT_EQ(zone->OffsetAt(1728142200), 11 * 3600);
  EXPECT_EQ(zone->OffsetAt(1728142200 - 1), 10 * 3600 + 1800);
  zone = TimeZone::Parse(FooterOnlyTzif("XST3XDT,J60/1:30,300/-1"), &error);
  ASSERT_TRUE(zone) << error;
  zone = TimeZone::Parse(FooterOnlyTzif("JST-9"), &error);
  ASSERT_TRUE(zone) << error;
  EXPECT_EQ(zone->OffsetAt(0), 9 * 3600);
}

TEST(TimeZone, MalformedFilesAreRefused) {
  std::string error;
  EXPECT_FALSE(TimeZone::Parse("", &error));
  EXPECT_FALSE(TimeZone::Parse("TZif2 too short", &error));
  EXPECT_FALSE(TimeZone::Parse(FooterOnlyTzif("E5"), &error));  // name too short
  EXPECT_FALSE(TimeZone::Parse(FooterOnlyTzif("EST5EDT,M13.1.0,M11.1.0"), &error));
  EXPECT_FALSE(TimeZone::Parse(FooterOnlyTzif("EST5EDT,M3.2.0"), &error));
  std::string truncated = FooterOnlyTzif("EST5");
  EXPECT_FALSE(TimeZone::Parse(truncated.substr(0, 50), &error));
}

}  // namespace
}  // namespace cloudlet::schedule
