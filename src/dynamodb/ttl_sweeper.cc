// SCAFFOLD: replaced by the sweeper.
#include "dynamodb/ttl_sweeper.h"

namespace cloudlet::dynamodb {

void StartTimeToLiveSweeper(Database&, std::chrono::milliseconds) {}

}  // namespace cloudlet::dynamodb
