#include "schedule/next_fire.h"

#include <gtest/gtest.h>

namespace cloudlet::schedule {
namespace {

ScheduleExpression Parse(std::string_view text) {
  auto parsed = ParseScheduleExpression(text, true);
  EXPECT_TRUE(parsed.expression) << parsed.error;
  return *parsed.expression;
}

int64_t Utc(int y, int mo, int d, int h, int mi, int s = 0) { return ToUnixSeconds({y, mo, d, h, mi, s}); }

TEST(NextFire, RatesCountFromTheirAnchor) {
  auto rate = Parse("rate(5 minutes)");
  TimeZone utc = TimeZone::Utc();
  int64_t anchor = Utc(2025, 1, 1, 0, 0, 30);
  EXPECT_EQ(*FirstFireAtOrAfter(rate, utc, anchor - 100, anchor), anchor);
  EXPECT_EQ(*FirstFireAtOrAfter(rate, utc, anchor, anchor), anchor);
  EXPECT_EQ(*FirstFireAtOrAfter(rate, utc, anchor + 1, anchor), anchor + 300);
  EXPECT_EQ(*FirstFireAtOrAfter(rate, utc, anchor + 3000, anchor), anchor + 3000);
}

TEST(NextFire, CronInUtc) {
  auto cron = Parse("cron(0 9 ? * MON *)");
  TimeZone utc = TimeZone::Utc();
  // 2025-01-01 is a Wednesday; the next Monday is the 6th.
  EXPECT_EQ(*FirstFireAtOrAfter(cron, utc, Utc(2025, 1, 1, 12, 0), 0), Utc(2025, 1, 6, 9, 0));
  EXPECT_EQ(*FirstFireAtOrAfter(cron, utc, Utc(2025, 1, 6, 9, 0), 0), Utc(2025, 1, 6, 9, 0));
  EXPECT_EQ(*FirstFireAtOrAfter(cron, utc, Utc(2025, 1, 6, 9, 0, 1), 0), Utc(2025, 1, 13, 9, 0));
  EXPECT_FALSE(FirstFireAtOrAfter(Parse("cron(0 0 1 1 ? 2020)"), utc, Utc(2025, 1, 1, 0, 0), 0));
}

TEST(NextFire, CronInNewYorkSkipsTheSpringForwardGap) {
  ZoneDatabase db;
  auto ny = db.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  auto daily_0230 = Parse("cron(30 2 * * ? *)");
  // 2024-03-09 02:30 EST fires; 03-10 02:30 does not exist; 03-11 02:30 EDT.
  int64_t from = Utc(2024, 3, 9, 8, 0);  // 03:00 EST on the 9th
  EXPECT_EQ(*FirstFireAtOrAfter(daily_0230, *ny, from, 0), Utc(2024, 3, 11, 6, 30));
  // Hourly fires at 01:00 EST then 03:00 EDT, one hour of real time apart.
  auto hourly = Parse("cron(0 * * * ? *)");
  int64_t one_am = Utc(2024, 3, 10, 6, 0);
  EXPECT_EQ(*FirstFireAtOrAfter(hourly, *ny, one_am, 0), one_am);
  EXPECT_EQ(*FirstFireAtOrAfter(hourly, *ny, one_am + 1, 0), Utc(2024, 3, 10, 7, 0));
  EXPECT_EQ(ny->ToLocal(Utc(2024, 3, 10, 7, 0)).hour, 3);
}

TEST(NextFire, CronInNewYorkFiresOnceInTheFallBackHour) {
  ZoneDatabase db;
  auto ny = db.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  auto daily_0130 = Parse("cron(30 1 * * ? *)");
  int64_t first = Utc(2024, 11, 3, 5, 30);  // 01:30 EDT
  EXPECT_EQ(*FirstFireAtOrAfter(daily_0130, *ny, Utc(2024, 11, 3, 0, 0), 0), first);
  // After the first 01:30 the repeated 01:30 EST is skipped: next is the 4th.
  EXPECT_EQ(*FirstFireAtOrAfter(daily_0130, *ny, first + 1, 0), Utc(2024, 11, 4, 6, 30));
  // Every 30 minutes: 01:00 and 01:30 EDT, nothing in the second pass, then 02:00 EST.
  auto half_hourly = Parse("cron(0/30 * * * ? *)");
  EXPECT_EQ(*FirstFireAtOrAfter(half_hourly, *ny, first + 1, 0), Utc(2024, 11, 3, 7, 0));
}

TEST(NextFire, AtInAZoneAndInItsGap) {
  ZoneDatabase db;
  auto ny = db.Find("America/New_York");
  ASSERT_NE(ny, nullptr);
  auto at = Parse("at(2024-07-04T12:00:00)");
  EXPECT_EQ(*FirstFireAtOrAfter(at, *ny, 0, 0), Utc(2024, 7, 4, 16, 0));
  EXPECT_FALSE(FirstFireAtOrAfter(at, *ny, Utc(2024, 7, 4, 16, 0, 1), 0));
  auto in_gap = Parse("at(2024-03-10T02:30:00)");
  EXPECT_EQ(*FirstFireAtOrAfter(in_gap, *ny, 0, 0), Utc(2024, 3, 10, 7, 30));  // 03:30 EDT
  auto lord_howe = db.Find("Australia/Lord_Howe");
  ASSERT_NE(lord_howe, nullptr);
  auto lh = Parse("cron(15 2 * * ? *)");  // 02:15 does not exist on 2024-10-06 there
  EXPECT_EQ(*FirstFireAtOrAfter(lh, *lord_howe, Utc(2024, 10, 5, 12, 0), 0), Utc(2024, 10, 6, 15, 15));
}

}  // namespace
}  // namespace cloudlet::schedule
