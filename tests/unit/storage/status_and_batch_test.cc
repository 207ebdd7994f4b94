#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/status.h"
#include "storage/write_batch.h"

namespace cloudlet::storage {
namespace {

TEST(StatusTest, CodesAndText) {
  EXPECT_TRUE(Status().ok());
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  EXPECT_EQ(Status::NotFound().ToString(), "NotFound");
  Status s = Status::Busy("data dir /x is in use");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsBusy());
  EXPECT_EQ(s.code(), Status::Code::kBusy);
  EXPECT_EQ(s.message(), "data dir /x is in use");
  EXPECT_EQ(s.ToString(), "Busy: data dir /x is in use");
  EXPECT_EQ(Status::IOError("disk full").ToString(), "IOError: disk full");
  EXPECT_EQ(Status::Corruption("bad block").ToString(), "Corruption: bad block");
  EXPECT_EQ(Status::InvalidArgument("no").ToString(), "InvalidArgument: no");
}

TEST(WriteBatchTest, KeepsOperationsInOrderWithArbitraryBytes) {
  WriteBatch b;
  EXPECT_TRUE(b.empty());
  std::string binary("\x00\x01\xff", 3);
  b.Put(binary, "");
  b.Delete("d");
  b.DeleteRange("a", "z");
  b.Put("k", binary);
  EXPECT_EQ(b.Count(), 4u);
  EXPECT_EQ(b.ByteSize(), 4 * 9u + 3 + 1 + 2 + 1 + 3);

  std::vector<WriteBatch::Op> ops(b.begin(), b.end());
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0].kind, WriteBatch::OpKind::kPut);
  EXPECT_EQ(ops[0].key, binary);
  EXPECT_EQ(ops[0].value, "");
  EXPECT_EQ(ops[1].kind, WriteBatch::OpKind::kDelete);
  EXPECT_EQ(ops[1].key, "d");
  EXPECT_EQ(ops[2].kind, WriteBatch::OpKind::kDeleteRange);
  EXPECT_EQ(ops[2].key, "a");
  EXPECT_EQ(ops[2].value, "z");
  EXPECT_EQ(ops[3].value, binary);

  b.Clear();
  EXPECT_EQ(b.Count(), 0u);
  EXPECT_EQ(b.begin(), b.end());
}

}  // namespace
}  // namespace cloudlet::storage
