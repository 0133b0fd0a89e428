#include "archive/writer_state.h"

#include <string>

#include "gtest/gtest.h"
#include "test_entries.h"

namespace pycpack {
namespace {

ErrorCode CodeOfFirst(const OwnedEntry& entry) {
  WriterState state;
  return state.BeginAdd(entry.view()).code();
}

TEST(WriterStateTest, RejectsMalformedPaths) {
  EXPECT_EQ(CodeOfFirst(File("", "")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOfFirst(File("/abs", "")), ErrorCode::kUnsafe);
  EXPECT_EQ(CodeOfFirst(File("..", "")), ErrorCode::kUnsafe);
  EXPECT_EQ(CodeOfFirst(Dir("a/../b")), ErrorCode::kUnsafe);
  EXPECT_EQ(CodeOfFirst(File("../b", "")), ErrorCode::kUnsafe);
  EXPECT_EQ(CodeOfFirst(Dir("a/")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOfFirst(File("./a", "")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOfFirst(File("a//b", "")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOfFirst(File(std::string("a\0b", 3), "")), ErrorCode::kInternal);
  EXPECT_EQ(CodeOfFirst(File("a", "")), ErrorCode::kOk);
}

TEST(WriterStateTest, UnsafeEvenBelowAKnownDirectory) {
  WriterState state;
  ASSERT_TRUE(state.BeginAdd(Dir("a").view()).ok());
  EXPECT_EQ(state.BeginAdd(File("a/../../x", "").view()).code(),
            ErrorCode::kUnsafe);
}

TEST(WriterStateTest, RejectsBadModesAndDirectoryData) {
  EXPECT_EQ(CodeOfFirst(File("a", "", 04755)), ErrorCode::kInternal);
  OwnedEntry dir = Dir("d");
  dir.data = "x";
  EXPECT_EQ(CodeOfFirst(dir), ErrorCode::kInternal);
}

TEST(WriterStateTest, OrderIsStrictAndBytewise) {
  WriterState state;
  ASSERT_TRUE(state.BeginAdd(Dir("a").view()).ok());
  ASSERT_TRUE(state.BeginAdd(File("a-b", "").view()).ok());  // '-' < '/'
  ASSERT_TRUE(state.BeginAdd(File("a/b", "").view()).ok());  // "a" known
  ASSERT_TRUE(state.BeginAdd(File("z", "").view()).ok());
  // 0xc3 sorts after 'z' as an unsigned byte (not as a signed char).
  ASSERT_TRUE(state.BeginAdd(File("\xc3\xa9", "").view()).ok());
  Status same = state.BeginAdd(File("\xc3\xa9", "").view());
  EXPECT_EQ(same.code(), ErrorCode::kInternal);
  EXPECT_NE(same.message().find("strictly increasing"), std::string::npos);
  EXPECT_EQ(state.BeginAdd(File("b", "").view()).code(), ErrorCode::kInternal);
}

TEST(WriterStateTest, ParentDirectoryMustComeFirst) {
  WriterState state;
  ASSERT_TRUE(state.BeginAdd(File("a", "").view()).ok());
  Status st = state.BeginAdd(File("a/b", "").view());  // "a" is a file
  EXPECT_EQ(st.code(), ErrorCode::kInternal);
  EXPECT_NE(st.message().find("before its directory 'a'"), std::string::npos);
}

TEST(WriterStateTest, FailureAndFinishAreRemembered) {
  WriterState state;
  EXPECT_TRUE(state.Fail(Status::Ok()).ok());
  EXPECT_TRUE(state.BeginAdd(File("a", "").view()).ok());
  Status io = IoError("cannot write 'x': disk on fire");
  EXPECT_EQ(state.Fail(io).message(), io.message());
  EXPECT_EQ(state.BeginAdd(File("b", "").view()).message(), io.message());
  EXPECT_EQ(state.BeginFinish().message(), io.message());

  WriterState done;
  ASSERT_TRUE(done.BeginFinish().ok());
  done.MarkFinished();
  EXPECT_EQ(done.BeginAdd(File("a", "").view()).code(), ErrorCode::kInternal);
  EXPECT_EQ(done.BeginFinish().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace pycpack
