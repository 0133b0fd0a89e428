#include "cache/background_store.h"

#include <gtest/gtest.h>

#include "cache/cache_test_util.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

CompileRequest Req(int i) {
  return CompileRequest{"x = " + std::to_string(i) + "\n",
                        "m" + std::to_string(i) + ".py", 0, false,
                        Invalidation::kCheckedHash};
}

TEST(BackgroundStoreTest, EveryQueuedStoreLandsBeforeDrainReturns) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, "/cache", TestInterp(), 1);
  BackgroundStore store(&cache);
  for (int i = 0; i < 200; ++i) {
    store.Put(cache.Key(Req(i)), Req(i).dfile, "pyc " + std::to_string(i));
  }
  EXPECT_TRUE(store.Drain().ok());
  EXPECT_EQ(cache.stats().stores, 200u);
  for (int i = 0; i < 200; ++i) {
    std::optional<std::string> got = cache.Get(Req(i));
    ASSERT_TRUE(got.has_value()) << i;
    EXPECT_EQ(*got, "pyc " + std::to_string(i));
  }
}

TEST(BackgroundStoreTest, AFailedStoreIsReportedByDrain) {
  MemoryFileSystem fs;
  fs.AddFile("/cache", "not a directory");
  CompileCache cache(&fs, "/cache", TestInterp(), 1);
  BackgroundStore store(&cache);
  store.Put(cache.Key(Req(1)), "m1.py", "pyc");
  store.Put(cache.Key(Req(2)), "m2.py", "pyc");
  Status s = store.Drain();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/cache"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("m1.py"), std::string::npos) << s.message();
  EXPECT_EQ(cache.stats().store_errors, 2u);
}

TEST(BackgroundStoreTest, DestroyingWithQueuedStoresFinishesThem) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, "/cache", TestInterp(), 1);
  {
    BackgroundStore store(&cache);
    for (int i = 0; i < 50; ++i) store.Put(cache.Key(Req(i)), "m.py", "p");
  }
  EXPECT_EQ(cache.stats().stores, 50u);
}

}  // namespace
}  // namespace pycpack
