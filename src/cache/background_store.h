// Stores into a CompileCache from a thread of its own, so that encoding and
// appending entries to the cache's pack does not hold up the thread that
// hands out compile jobs.
#ifndef PYCPACK_CACHE_BACKGROUND_STORE_H_
#define PYCPACK_CACHE_BACKGROUND_STORE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "cache/compile_cache.h"

namespace pycpack {

class BackgroundStore {
 public:
  // REQUIRES: |cache| outlives this and may be used from another thread.
  explicit BackgroundStore(CompileCache* cache);
  // Waits for every queued store.
  ~BackgroundStore();

  // Queues cache->Put(key, dfile, payload). Blocks while more than 64 MiB
  // of stores wait. REQUIRES: IsCacheKey(key).
  void Put(std::string key, std::string dfile, std::string payload);

  // Waits for every queued store; returns the first failure (stores are
  // never fatal: the caller reports it as a warning).
  Status Drain();

 private:
  void Loop();

  CompileCache* cache_;
  std::mutex mu_;
  std::condition_variable work_, room_, idle_;
  struct Item {
    std::string key;
    std::string dfile;
    std::string payload;
  };
  std::deque<Item> queue_;
  size_t queued_bytes_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  Status first_error_;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace pycpack

#endif  // PYCPACK_CACHE_BACKGROUND_STORE_H_
