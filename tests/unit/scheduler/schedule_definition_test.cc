#include "scheduler/schedule_definition.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "schedule/civil_time.h"

namespace cloudlet::scheduler {
namespace {

namespace json = boost::json;

json::object Body(std::string_view extra = "") {
  std::string text = R"j({"ScheduleExpression":"rate(5 minutes)","FlexibleTimeWindow":{"Mode":"OFF"},)j"
                     R"j("Target":{"Arn":"arn:aws:lambda:us-east-1:000000000000:function:f",)j"
                     R"j("RoleArn":"arn:aws:iam::000000000000:role/r"})j";
  text += extra;
  text += "}";
  return json::parse(text).as_object();
}

int64_t Utc(int y, int mo, int d, int h, int mi) { return schedule::ToUnixSeconds({y, mo, d, h, mi, 0}); }

TEST(ScheduleDefinition, FillsAwsDefaults) {
  schedule::ZoneDatabase zones;
  auto doc = ValidateDefinition(Body(), zones, 1000);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->at("State"), "ENABLED");
  EXPECT_EQ(doc->at("ActionAfterCompletion"), "NONE");
  EXPECT_EQ(doc->at("Target").at("RetryPolicy").at("MaximumRetryAttempts"), 185);
}

TEST(ScheduleDefinition, RefusesBadMembersWithValidationException) {
  schedule::ZoneDatabase zones;
  struct Case {
    json::object body;
    const char* message_start;
  } cases[] = {
      {Body(R"j(,"ScheduleExpression":"rate(1 minutes)")j"), "Invalid Schedule Expression rate(1 minutes)."},
      {Body(R"j(,"ScheduleExpressionTimezone":"Nowhere/Land")j"), "Invalid time zone"},
      {Body(R"j(,"State":"PAUSED")j"), "1 validation error detected: Value 'PAUSED' at 'state'"},
      {Body(R"j(,"ActionAfterCompletion":"KEEP")j"), "1 validation error detected: Value 'KEEP'"},
      {Body(R"j(,"FlexibleTimeWindow":{"Mode":"FLEXIBLE"})j"), "MaximumWindowInMinutes must be provided"},
      {Body(R"j(,"FlexibleTimeWindow":{"Mode":"OFF","MaximumWindowInMinutes":5})j"), "MaximumWindowInMinutes must not"},
      {Body(R"j(,"FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":1441})j"), "1 validation error"},
      {Body(R"j(,"EndDate":500)j"), "The EndDate must be in the future."},
      {Body(R"j(,"StartDate":3000,"EndDate":2000)j"), "The StartDate must come before the EndDate."},
      {Body(R"j(,"Target":{"Arn":"x","RoleArn":"not-a-role"})j"), "1 validation error detected: Value 'not-a-role'"},
      {Body(R"j(,"Target":{"Arn":"x"})j"), "1 validation error detected: Value null at 'target.roleArn'"},
      {Body(R"j(,"Target":{"Arn":"x","RoleArn":"arn:aws:iam::000000000000:role/r","RetryPolicy":{"MaximumRetryAttempts":186}})j"),
       "1 validation error detected: Value '186'"},
  };
  for (auto& c : cases) {
    auto doc = ValidateDefinition(c.body, zones, 1000);
    ASSERT_FALSE(doc.ok()) << c.message_start;
    EXPECT_EQ(doc.error().code, "ValidationException");
    EXPECT_TRUE(doc.error().message.starts_with(c.message_start)) << doc.error().message;
  }
  json::object missing = Body();
  missing.erase("ScheduleExpression");
  EXPECT_FALSE(ValidateDefinition(missing, zones, 1000).ok());
}

TEST(ScheduleDefinition, NextFireHonoursStartEndAndZone) {
  schedule::ZoneDatabase zones;
  auto doc = ValidateDefinition(Body(R"j(,"ScheduleExpression":"cron(0 9 * * ? *)","ScheduleExpressionTimezone":"America/New_York")j"),
                                zones, 0);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(*NextFire(*doc, zones, Utc(2025, 1, 1, 0, 0)), Utc(2025, 1, 1, 14, 0));  // 09:00 EST
  EXPECT_EQ(*NextFire(*doc, zones, Utc(2025, 7, 1, 0, 0)), Utc(2025, 7, 1, 13, 0));  // 09:00 EDT
  (*doc)["StartDate"] = Utc(2025, 3, 1, 0, 0);
  (*doc)["EndDate"] = Utc(2025, 3, 2, 0, 0);
  EXPECT_EQ(*NextFire(*doc, zones, Utc(2025, 1, 1, 0, 0)), Utc(2025, 3, 1, 14, 0));
  EXPECT_FALSE(NextFire(*doc, zones, Utc(2025, 3, 1, 14, 1)));

  auto rate = ValidateDefinition(Body(), zones, 0);
  ASSERT_TRUE(rate.ok());
  (*rate)["CreationDate"] = 1000.4;
  EXPECT_EQ(*NextFire(*rate, zones, 1001), 1001);
  EXPECT_EQ(*NextFire(*rate, zones, 1002), 1301);

  auto at = ValidateDefinition(Body(R"j(,"ScheduleExpression":"at(2025-06-01T12:00:00)","ScheduleExpressionTimezone":"Europe/Paris")j"),
                               zones, 0);
  ASSERT_TRUE(at.ok());
  EXPECT_TRUE(IsOneTime(*at));
  EXPECT_EQ(*NextFire(*at, zones, Utc(2030, 1, 1, 0, 0)), Utc(2025, 6, 1, 10, 0));  // its one time, even when past
}

}  // namespace
}  // namespace cloudlet::scheduler
