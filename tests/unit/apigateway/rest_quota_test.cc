// Usage-plan quota periods: DAY, WEEK with a weekday offset, MONTH with a
// day-of-month offset, UTC days and their yyyy-mm-dd text.
#include "apigateway/rest/quota_period.h"

#include <gtest/gtest.h>

namespace cloudlet::apigateway::rest {
namespace {

int64_t D(const char* text) { return *ParseDayText(text); }

TEST(QuotaPeriodTest, DayTexts) {
  EXPECT_EQ(D("1970-01-01"), 0);
  EXPECT_EQ(D("2024-01-01"), 19723);
  EXPECT_EQ(DayText(19723), "2024-01-01");
  EXPECT_EQ(DayText(D("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2024-02-30", "2024-13-01", "24-01-01", "2024/01/01", "2024-01-1x", ""})
    EXPECT_FALSE(ParseDayText(bad)) << bad;
  EXPECT_EQ(DayOfEpochSeconds(0), 0);
  EXPECT_EQ(DayOfEpochSeconds(86399), 0);
  EXPECT_EQ(DayOfEpochSeconds(86400), 1);
  EXPECT_EQ(DayOfEpochSeconds(-1), -1);
}

TEST(QuotaPeriodTest, PeriodStarts) {
  EXPECT_EQ(PeriodStart(QuotaPeriod::kDay, 0, D("2024-05-15")), D("2024-05-15"));
  // 2024-05-15 is a Wednesday: the week from Sunday (offset 0) starts on the 12th, from Monday on the 13th.
  EXPECT_EQ(PeriodStart(QuotaPeriod::kWeek, 0, D("2024-05-15")), D("2024-05-12"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kWeek, 1, D("2024-05-15")), D("2024-05-13"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kWeek, 3, D("2024-05-15")), D("2024-05-15"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kWeek, 4, D("2024-05-15")), D("2024-05-09"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kWeek, 0, D("1970-01-01")), D("1969-12-28"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kMonth, 0, D("2024-05-15")), D("2024-05-01"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kMonth, 14, D("2024-05-15")), D("2024-05-15"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kMonth, 20, D("2024-05-15")), D("2024-04-21"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kMonth, 27, D("2024-03-01")), D("2024-02-28"));
  EXPECT_EQ(PeriodStart(QuotaPeriod::kMonth, 5, D("2024-01-03")), D("2023-12-06"));
}

TEST(QuotaPeriodTest, OffsetsAndPeriodNames) {
  EXPECT_TRUE(CheckQuotaOffset(QuotaPeriod::kDay, 0).ok());
  EXPECT_FALSE(CheckQuotaOffset(QuotaPeriod::kDay, 1).ok());
  EXPECT_TRUE(CheckQuotaOffset(QuotaPeriod::kWeek, 6).ok());
  EXPECT_FALSE(CheckQuotaOffset(QuotaPeriod::kWeek, 7).ok());
  EXPECT_TRUE(CheckQuotaOffset(QuotaPeriod::kMonth, 27).ok());
  EXPECT_FALSE(CheckQuotaOffset(QuotaPeriod::kMonth, 28).ok());
  EXPECT_FALSE(CheckQuotaOffset(QuotaPeriod::kMonth, -1).ok());
  EXPECT_EQ(ParseQuotaPeriod("WEEK"), QuotaPeriod::kWeek);
  EXPECT_FALSE(ParseQuotaPeriod("week"));
}

}  // namespace
}  // namespace cloudlet::apigateway::rest
