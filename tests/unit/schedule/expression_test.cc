#include "schedule/expression.h"

#include <gtest/gtest.h>

namespace cloudlet::schedule {
namespace {

CronExpression Cron(std::string_view text) {
  auto parsed = ParseScheduleExpression(text, false);
  EXPECT_TRUE(parsed.expression) << text << ": " << parsed.error;
  return std::get<CronExpression>(*parsed.expression);
}

TEST(ScheduleExpression, RatesNeedSingularForOneAndPluralOtherwise) {
  struct Case {
    const char* text;
    int64_t seconds;
  } ok[] = {{"rate(1 minute)", 60}, {"rate(5 minutes)", 300}, {"rate(1 hour)", 3600},
            {"rate(2 hours)", 7200}, {"rate(1 day)", 86400}, {"rate(7 days)", 604800}};
  for (auto& c : ok) {
    auto parsed = ParseScheduleExpression(c.text, false);
    ASSERT_TRUE(parsed.expression) << c.text << ": " << parsed.error;
    EXPECT_EQ(std::get<RateExpression>(*parsed.expression).period_seconds, c.seconds) << c.text;
  }
  for (const char* bad : {"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(-1 minutes)",
                          "rate(1 second)", "rate(5 weeks)", "rate(5  minutes)", "rate( 5 minutes)", "rate(5)",
                          "rate(x minutes)", "rate(5 minutes", "rate()", "rate(1.5 hours)"})
    EXPECT_FALSE(ParseScheduleExpression(bad, true).expression) << bad;
}

TEST(ScheduleExpression, CronFieldsListsRangesStepsAndNames) {
  auto cron = Cron("cron(0/15 8-17 ? * MON-FRI *)");
  EXPECT_TRUE(cron.minutes.test(0) && cron.minutes.test(15) && cron.minutes.test(45));
  EXPECT_FALSE(cron.minutes.test(5));
  EXPECT_EQ(cron.hours.count(), 10u);
  EXPECT_EQ(cron.days_of_week.count(), 5u);
  EXPECT_FALSE(cron.days_of_week.test(0));  // Sunday
  EXPECT_EQ(cron.months.count(), 12u);
  EXPECT_EQ(cron.years.count(), 230u);

  cron = Cron("cron(5,10,20-22 */6 1,15 JAN,jul ? 2025-2026)");
  EXPECT_EQ(cron.minutes.count(), 5u);
  EXPECT_EQ(cron.hours.count(), 4u);
  EXPECT_TRUE(cron.days_of_month.test(1) && cron.days_of_month.test(15));
  EXPECT_TRUE(cron.months.test(1) && cron.months.test(7));
  EXPECT_EQ(cron.months.count(), 2u);
  EXPECT_TRUE(cron.years.test(2025 - 1970) && cron.years.test(2026 - 1970));
  EXPECT_EQ(cron.years.count(), 2u);

  cron = Cron("cron(0 22-2 ? * FRI-MON *)");  // wrapping ranges
  EXPECT_EQ(cron.hours.count(), 5u);
  EXPECT_EQ(cron.days_of_week.count(), 4u);
  EXPECT_TRUE(cron.days_of_week.test(5) && cron.days_of_week.test(1) && !cron.days_of_week.test(3));

  cron = Cron("cron(0 0 5/10 * ? *)");  // value/step runs to the field's end
  EXPECT_TRUE(cron.days_of_month.test(5) && cron.days_of_month.test(15) && cron.days_of_month.test(25));
  EXPECT_EQ(cron.days_of_month.count(), 3u);
}

TEST(ScheduleExpression, CronSpecialCharacters) {
  EXPECT_TRUE(Cron("cron(0 12 L * ? *)").last_day_of_month);
  EXPECT_TRUE(Cron("cron(0 12 LW * ? *)").last_weekday_of_month);
  EXPECT_EQ(Cron("cron(0 12 15W * ? *)").nearest_weekday_to, 15);
  EXPECT_EQ(Cron("cron(0 12 ? * 5L *)").last_of_weekday, 4);
  EXPECT_EQ(Cron("cron(0 12 ? * L *)").last_of_weekday, 6);
  auto nth = Cron("cron(0 12 ? * 3#2 *)");
  EXPECT_EQ(nth.nth_weekday, 2);
  EXPECT_EQ(nth.nth, 2);
  EXPECT_EQ(Cron("cron(0 12 ? * TUE#1 *)").nth_weekday, 2);
}

TEST(ScheduleExpression, CronErrors) {
  for (const char* bad : {
           "cron(0 12 * * * *)",        // both day fields set
           "cron(0 12 ? * ? *)",        // both ?
           "cron(0 12 * *)",            // too few fields
           "cron(0 12 * * ? * *)",      // too many
           "cron(60 12 * * ? *)",       // minute out of range
           "cron(0 24 * * ? *)",        // hour out of range
           "cron(0 12 32 * ? *)",       // day out of range
           "cron(0 12 0 * ? *)",
           "cron(0 12 * 13 ? *)",       // month out of range
           "cron(0 12 ? * 8 *)",        // weekday out of range
           "cron(0 12 ? * 0 *)",
           "cron(0 12 * * ? 1969)",     // year out of range
           "cron(0 12 * * ? 2200)",
           "cron(0 12 ? * 3#1,6#3 *)",  // # at most once
           "cron(0 12 ? * 3#6 *)",
           "cron(0/0 12 * * ? *)",      // zero step
           "cron(0 12 * FOO ? *)",      // unknown name
           "cron(0 12 ? * MON-FOO *)",
           "cron(0 12 32W * ? *)",
           "cron(0  12 * * ? *)",       // double space
           "cron(0 12 * * ? *",         // no )
           "cron(a 12 * * ? *)",
           "cron(1-2-3 12 * * ? *)",
           "cron(0 12 ? * 9L *)",
       })
    EXPECT_FALSE(ParseScheduleExpression(bad, true).expression) << bad;
}

TEST(ScheduleExpression, AtOnlyForScheduler) {
  auto parsed = ParseScheduleExpression("at(2025-06-01T09:30:15)", true);
  ASSERT_TRUE(parsed.expression) << parsed.error;
  EXPECT_EQ(std::get<AtExpression>(*parsed.expression).time, (CivilTime{2025, 6, 1, 9, 30, 15}));
  EXPECT_FALSE(ParseScheduleExpression("at(2025-06-01T09:30:15)", false).expression);
  for (const char* bad : {"at(2025-02-29T00:00:00)", "at(2025-13-01T00:00:00)", "at(2025-06-01 09:30:15)",
                          "at(2025-06-01T24:00:00)", "at(2025-06-01T09:60:00)", "at(2025-6-01T09:30:15)",
                          "at(2025-06-01T09:30)", "at(1969-12-31T23:59:59)", "at()", "every(5 minutes)", "",
                          "rate", "cron"})
    EXPECT_FALSE(ParseScheduleExpression(bad, true).expression) << bad;
  EXPECT_TRUE(ParseScheduleExpression("at(2024-02-29T00:00:00)", true).expression);
}

TEST(ScheduleExpression, DayMatchingOfSpecialDays) {
  // March 2025: the 1st is a Saturday, the 31st a Monday.
  auto w = Cron("cron(0 0 1W * ? *)");
  EXPECT_TRUE(w.DayMatches(2025, 3, 3));  // Saturday the 1st -> Monday the 3rd (same month)
  EXPECT_FALSE(w.DayMatches(2025, 3, 1));
  auto w15 = Cron("cron(0 0 15W * ? *)");   // Saturday 15 March -> Friday 14
  EXPECT_TRUE(w15.DayMatches(2025, 3, 14));
  auto w16 = Cron("cron(0 0 16W * ? *)");   // Sunday 16 March -> Monday 17
  EXPECT_TRUE(w16.DayMatches(2025, 3, 17));
  auto w31 = Cron("cron(0 0 31W * ? *)");   // no 31st in April: never in April
  for (int d = 1; d <= 30; ++d) EXPECT_FALSE(w31.DayMatches(2025, 4, d));
  auto lw = Cron("cron(0 0 LW * ? *)");     // last weekday of May 2025 (31st is a Saturday) -> 30th
  EXPECT_TRUE(lw.DayMatches(2025, 5, 30));
  auto last = Cron("cron(0 0 L * ? *)");
  EXPECT_TRUE(last.DayMatches(2024, 2, 29));
  EXPECT_FALSE(last.DayMatches(2024, 2, 28));
  auto last_thursday = Cron("cron(0 0 ? * 5L *)");
  EXPECT_TRUE(last_thursday.DayMatches(2025, 3, 27));
  EXPECT_FALSE(last_thursday.DayMatches(2025, 3, 20));
  auto second_tuesday = Cron("cron(0 0 ? * 3#2 *)");
  EXPECT_TRUE(second_tuesday.DayMatches(2025, 3, 11));
  EXPECT_FALSE(second_tuesday.DayMatches(2025, 3, 4));
}

TEST(ScheduleExpression, NextMatchWalksMinutesHoursDaysAndYears) {
  auto every_quarter = Cron("cron(0/15 * * * ? *)");
  EXPECT_EQ(*every_quarter.NextMatch({2025, 1, 1, 10, 7, 0}), (CivilTime{2025, 1, 1, 10, 15, 0}));
  EXPECT_EQ(*every_quarter.NextMatch({2025, 1, 1, 10, 15, 0}), (CivilTime{2025, 1, 1, 10, 15, 0}));
  EXPECT_EQ(*every_quarter.NextMatch({2025, 1, 1, 10, 15, 1}), (CivilTime{2025, 1, 1, 10, 30, 0}));
  EXPECT_EQ(*every_quarter.NextMatch({2025, 12, 31, 23, 59, 0}), (CivilTime{2026, 1, 1, 0, 0, 0}));
  auto leap = Cron("cron(0 0 29 2 ? *)");
  EXPECT_EQ(*leap.NextMatch({2025, 3, 1, 0, 0, 0}), (CivilTime{2028, 2, 29, 0, 0, 0}));
  auto once = Cron("cron(30 9 1 JAN ? 2030)");
  EXPECT_EQ(*once.NextMatch({2025, 3, 1, 0, 0, 0}), (CivilTime{2030, 1, 1, 9, 30, 0}));
  EXPECT_FALSE(once.NextMatch({2030, 1, 1, 9, 31, 0}));
}

}  // namespace
}  // namespace cloudlet::schedule
