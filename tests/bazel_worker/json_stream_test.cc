#include "bazel_worker/json_stream.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace pycpack {
namespace {

std::optional<size_t> EndOf(std::string_view s) {
  ObjectScanner scanner;
  Result<std::optional<size_t>> end = scanner.Scan(s);
  EXPECT_TRUE(end.ok()) << end.status().message();
  return end.ok() ? *end : std::nullopt;
}

TEST(ObjectScannerTest, FindsTheEndOfTheFirstOfTwoObjectsBackToBack) {
  EXPECT_EQ(EndOf(R"({"a":[1,{"b":2}]}{"c":3})"), 17u);
  EXPECT_EQ(EndOf("  \n{}"), 5u);
}

TEST(ObjectScannerTest, BracesAndEscapedQuotesInsideStringsDoNotCount) {
  EXPECT_EQ(EndOf(R"({"a":"}{\"]"}x)"), 13u);
  EXPECT_EQ(EndOf(R"({"a":"\\"})"), 10u);
}

TEST(ObjectScannerTest, IncompleteInputHasNoEndYet) {
  EXPECT_EQ(EndOf(R"({"a":"})"), std::nullopt);
  EXPECT_EQ(EndOf("   "), std::nullopt);
}

TEST(ObjectScannerTest, ContinuesWhereTheLastScanStopped) {
  ObjectScanner scanner;
  std::string buf = R"({"arguments":["x)";
  ASSERT_EQ(*scanner.Scan(buf), std::nullopt);
  buf += R"(}"]})";
  EXPECT_EQ(*scanner.Scan(buf), buf.size());
}

TEST(ObjectScannerTest, RefusesWhatCannotStartAnObject) {
  ObjectScanner scanner;
  Result<std::optional<size_t>> end = scanner.Scan("[1]");
  ASSERT_FALSE(end.ok());
  EXPECT_NE(end.status().message().find("expected a JSON object"), std::string::npos);
  ObjectScanner other;
  EXPECT_FALSE(other.Scan(" }").ok());
}

// Writes |chunks| to a pipe one write each, then closes it.
class PipeFeed {
 public:
  explicit PipeFeed(const std::vector<std::string>& chunks) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    read_fd = fds[0];
    for (const std::string& c : chunks) EXPECT_EQ(write(fds[1], c.data(), c.size()), (ssize_t)c.size());
    close(fds[1]);
  }
  ~PipeFeed() { close(read_fd); }
  int read_fd;
};

TEST(JsonObjectReaderTest, ReadsObjectsWrittenBackToBackAndSplitAcrossWrites) {
  PipeFeed feed({R"({"requestId":1}{"requestId")", R"(:2}
{"a":"{"})"});
  JsonObjectReader reader(feed.read_fd);
  for (int want : {1, 2}) {
    Result<std::optional<nlohmann::json>> j = reader.Next();
    ASSERT_TRUE(j.ok() && j->has_value());
    EXPECT_EQ((**j)["requestId"], want);
  }
  Result<std::optional<nlohmann::json>> third = reader.Next();
  ASSERT_TRUE(third.ok() && third->has_value());
  EXPECT_EQ((**third)["a"], "{");
  Result<std::optional<nlohmann::json>> eof = reader.Next();
  ASSERT_TRUE(eof.ok());
  EXPECT_FALSE(eof->has_value());
}

TEST(JsonObjectReaderTest, EndOfInputInsideAnObjectIsAnError) {
  PipeFeed feed({R"({"arguments":["a")"});
  JsonObjectReader reader(feed.read_fd);
  Result<std::optional<nlohmann::json>> j = reader.Next();
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("end of input"), std::string::npos);
}

TEST(JsonObjectReaderTest, MalformedJsonIsAnError) {
  PipeFeed feed({R"({"a":tru})", R"({"b":1})"});
  JsonObjectReader reader(feed.read_fd);
  EXPECT_FALSE(reader.Next().ok());
}

TEST(JsonObjectReaderTest, AnObjectOverTheLimitIsAnError) {
  PipeFeed feed({"{\"a\":\"" + std::string(200, 'x')});
  JsonObjectReader reader(feed.read_fd, 100);
  Result<std::optional<nlohmann::json>> j = reader.Next();
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.status().message().find("larger than 100"), std::string::npos);
}

}  // namespace
}  // namespace pycpack
