// DynamoDB's reserved words: the 573 words of the Developer Guide page
// "Reserved words in DynamoDB" (ReservedWords.md). A bare attribute name in
// any expression that equals one of them, compared case-insensitively, is
// rejected with "Attribute name is a reserved keyword; reserved keyword: <name>".
#pragma once

#include <cstddef>
#include <string_view>

namespace cloudlet::dynamodb::expr {

// True when `word` is reserved (ASCII case-insensitive). O(log 573).
bool IsReservedWord(std::string_view word);

// The number of reserved words (573); exposed for tests.
std::size_t ReservedWordCount();

}  // namespace cloudlet::dynamodb::expr
