#include "archive/background_writer.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pycpack {
namespace {

// An idle writer thread is woken once this much data or this many entries
// wait (or at Finish, or when Add would block).
constexpr size_t kWakeBytes = 1 << 20;
constexpr size_t kWakeItems = 64;

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
    auto fits = [&] {
      return !error_.ok() || queue_.empty() ||
             queued_bytes_ + entry.data.size() <= max_bytes_;
    };
    if (!fits()) {
      work_.notify_one();  // the thread may be waiting for a batch
      room_.wait(lock, fits);
    }
    if (!error_.ok()) return error_;
    // A streamed file is queued as its StreamedContent (a few bytes); the
    // thread reads it when it writes the entry.
    Item item{entry.path, entry.type, entry.mode, std::string(entry.data),
              std::nullopt};
    if (entry.stream) item.stream = *entry.stream;
    queue_.push_back(std::move(item));
    queued_bytes_ += entry.data.size();
    // Waking the thread is a system call (a futex) that costs more than
    // writing a small entry; an idle thread is woken for a batch.
    if (queued_bytes_ >= kWakeBytes || queue_.size() >= kWakeItems || entry.stream) {
      work_.notify_one();
    }
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
    std::optional<StreamedContent> stream;
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
        if (item.stream) e.stream = &*item.stream;
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
