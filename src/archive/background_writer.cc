#include "archive/background_writer.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace pycpack {
namespace {

class BackgroundWriter : public ArchiveWriter {
 public:
  BackgroundWriter(std::unique_ptr<ArchiveWriter> inner, size_t max_bytes)
      : inner_(std::move(inner)), max_bytes_(max_bytes),
        thread_([this] { Loop(); }) {}

  // An unfinished writer is being abandoned: what is queued is dropped.
  ~BackgroundWriter() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.clear();
    }
    Stop();
  }

  Status Add(const ArchiveEntry& entry) override {
    std::unique_lock<std::mutex> lock(mu_);
    // An entry larger than the limit waits for an empty queue.
    room_.wait(lock, [&] {
      return !error_.ok() || queue_.empty() ||
             queued_bytes_ + entry.data.size() <= max_bytes_;
    });
    if (!error_.ok()) return error_;
    queue_.push_back(Item{entry.path, entry.type, entry.mode,
                          std::string(entry.data)});
    queued_bytes_ += entry.data.size();
    work_.notify_one();
    return Status::Ok();
  }

  Status Finish() override {
    Stop();
    if (!error_.ok()) return error_;
    return inner_->Finish();
  }

 private:
  struct Item {
    std::string path;
    ArchiveEntry::Type type;
    uint32_t mode;
    std::string data;
  };

  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and all written
      Item item = std::move(queue_.front());
      queue_.pop_front();
      const bool failed = !error_.ok();
      lock.unlock();
      Status s;
      if (!failed) {
        ArchiveEntry e;
        e.path = item.path;
        e.type = item.type;
        e.mode = item.mode;
        e.data = item.data;
        s = inner_->Add(e);
      }
      lock.lock();
      queued_bytes_ -= item.data.size();
      if (!s.ok() && error_.ok()) error_ = s;
      room_.notify_all();
    }
  }

  // Lets the thread write what is queued, then joins it. Idempotent.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  std::unique_ptr<ArchiveWriter> inner_;
  const size_t max_bytes_;
  std::mutex mu_;
  std::condition_variable work_;  // queue gained an item, or stopping
  std::condition_variable room_;  // queue lost an item, or an error
  std::deque<Item> queue_;
  size_t queued_bytes_ = 0;
  bool stopping_ = false;
  Status error_;
  std::thread thread_;    // last: starts after everything above exists
};

}  // namespace

std::unique_ptr<ArchiveWriter> NewBackgroundWriter(
    std::unique_ptr<ArchiveWriter> inner, size_t max_queued_bytes) {
  return std::make_unique<BackgroundWriter>(std::move(inner), max_queued_bytes);
}

}  // namespace pycpack
