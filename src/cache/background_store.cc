#include "cache/background_store.h"

namespace pycpack {
namespace {

constexpr size_t kMaxQueuedBytes = 64u << 20;

}  // namespace

BackgroundStore::BackgroundStore(CompileCache* cache)
    : cache_(cache), thread_([this] { Loop(); }) {}

BackgroundStore::~BackgroundStore() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void BackgroundStore::Put(std::string key, std::string dfile,
                          std::string payload) {
  std::unique_lock<std::mutex> lock(mu_);
  size_t size = payload.size();
  room_.wait(lock, [&] {
    return queue_.empty() || queued_bytes_ + size <= kMaxQueuedBytes;
  });
  queued_bytes_ += size;
  queue_.push_back({std::move(key), std::move(dfile), std::move(payload)});
  work_.notify_one();
}

Status BackgroundStore::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
  return first_error_;
}

void BackgroundStore::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    auto item = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    Status s = cache_->Put(item.key, item.dfile, item.payload);
    lock.lock();
    busy_ = false;
    queued_bytes_ -= item.payload.size();
    if (!s.ok() && first_error_.ok()) first_error_ = s;
    room_.notify_all();
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace pycpack
