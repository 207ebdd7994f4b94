// RecordCache: hits, cached absences, and the generation rule that keeps a
// value read before a write from being cached after it.
#include "lambda/record_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "lambda/function_store.h"
#include "storage/kv_store.h"

namespace cloudlet::lambda {
namespace {

TEST(RecordCacheTest, HitsAbsencesAndInvalidation) {
  RecordCache<std::string> cache;
  uint64_t gen = 0;
  EXPECT_FALSE(cache.Find("a", gen));
  cache.Insert("a", std::string("one"), gen);
  cache.Insert("b", std::nullopt, gen);
  uint64_t later = 0;
  auto hit = cache.Find("a", later);
  ASSERT_TRUE(hit);
  EXPECT_EQ(**hit, "one");
  auto absent = cache.Find("b", later);
  ASSERT_TRUE(absent);
  EXPECT_FALSE(*absent);
  cache.Invalidate();
  EXPECT_FALSE(cache.Find("a", later));
}

TEST(RecordCacheTest, AValueReadBeforeAWriteIsNotCachedAfterIt) {
  RecordCache<std::string> cache;
  uint64_t gen = 0;
  EXPECT_FALSE(cache.Find("k", gen));  // a reader notes the generation, then reads the store...
  cache.Invalidate();                  // ...a write lands and invalidates...
  cache.Insert("k", std::string("stale"), gen);  // ...the reader's insert is refused
  uint64_t now = 0;
  EXPECT_FALSE(cache.Find("k", now));
}

// Through FunctionStore: every write is seen by the next read.
TEST(RecordCacheTest, FunctionStoreReadsFollowWrites) {
  auto store = storage::OpenStore({.in_memory = true}).store;
  FunctionStore functions(*store);
  EXPECT_FALSE(functions.Get("us-east-1", "f").value().has_value());  // a cached absence
  FunctionRecord r;
  r.name = "f";
  r.region = "us-east-1";
  r.arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  r.runtime = "python3.12";
  r.handler = "a.h";
  r.timeout = 3;
  ASSERT_TRUE(functions.Put(r).ok());
  EXPECT_EQ(functions.Get("us-east-1", "f").value()->timeout, 3);
  r.timeout = 9;
  ASSERT_TRUE(functions.Put(r).ok());
  EXPECT_EQ(functions.Get("us-east-1", "f").value()->timeout, 9);
  AliasRecord alias{.name = "live", .function_version = "$LATEST"};
  EXPECT_FALSE(functions.GetAlias("us-east-1", "f", "live").value().has_value());
  ASSERT_TRUE(functions.PutAlias("us-east-1", "f", alias).ok());
  EXPECT_EQ(functions.GetAlias("us-east-1", "f", "live").value()->function_version, "$LATEST");
  FunctionUrlRecord url{.url_id = "abc", .region = "us-east-1", .function_name = "f", .auth_type = "NONE"};
  EXPECT_FALSE(functions.FindUrl("abc").value().has_value());
  ASSERT_TRUE(functions.PutUrl(url).ok());
  EXPECT_EQ(functions.FindUrl("abc").value()->auth_type, "NONE");
  ASSERT_TRUE(functions.Delete("us-east-1", "f").ok());
  EXPECT_FALSE(functions.Get("us-east-1", "f").value().has_value());
  EXPECT_FALSE(functions.GetAlias("us-east-1", "f", "live").value().has_value());
  EXPECT_FALSE(functions.FindUrl("abc").value().has_value());
}

}  // namespace
}  // namespace cloudlet::lambda
