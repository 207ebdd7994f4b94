// Reserved concurrency: the account limit and how much of it must stay
// unreserved for functions without a reservation.
#pragma once

#include <algorithm>
#include <string_view>

#include "aws/error.h"
#include "lambda/operations.h"

namespace cloudlet::lambda {

// Lambda keeps 100 of an account's 1,000 unreserved; cloudlet keeps the same
// tenth of smaller limits.
inline constexpr int MinimumUnreserved(int account_limit) { return std::min(100, account_limit / 10); }

// The sum of the reservations of every function of `region` but `except`.
aws::Result<int> ReservedConcurrencyTotal(LambdaState& state, std::string_view region, std::string_view except = {});

}  // namespace cloudlet::lambda
