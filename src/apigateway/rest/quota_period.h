// Usage-plan quota periods (APIGW API reference "QuotaSettings"): a quota
// counts a key's requests in the current period, UTC:
//   DAY    the day itself (offset 0)
//   WEEK   from the last day whose weekday is `offset` (0 Sunday ... 6 Saturday)
//   MONTH  from the last day whose day of the month is offset + 1 (offset 0-27)
// Days are counted as days since 1970-01-01 and written yyyy-mm-dd, as the
// store keys and GetUsage show them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aws/error.h"

namespace cloudlet::apigateway::rest {

enum class QuotaPeriod { kDay, kWeek, kMonth };

std::optional<QuotaPeriod> ParseQuotaPeriod(std::string_view text);
// BadRequestException unless `offset` suits `period`.
aws::Status CheckQuotaOffset(QuotaPeriod period, int64_t offset);

// The first day of the period holding `day`.
int64_t PeriodStart(QuotaPeriod period, int64_t offset, int64_t day);

int64_t DayOfEpochSeconds(int64_t seconds);
std::string DayText(int64_t day);                       // 19723 → "2024-01-01"
std::optional<int64_t> ParseDayText(std::string_view);  // "2024-01-01" → 19723

}  // namespace cloudlet::apigateway::rest
