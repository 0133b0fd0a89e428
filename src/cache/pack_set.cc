#include "cache/pack_set.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <utility>

#include "cache/cache_entry.h"
#include "cache/pack_writer.h"
#include "util/paths.h"

namespace pycpack {
namespace {

// Times the directory is listed again when packs vanish while it is read.
constexpr int kListAttempts = 8;

Result<std::string> ReadAt(const RandomAccessFile& file, uint64_t offset,
                           uint64_t length) {
  std::string bytes(static_cast<size_t>(length), '\0');
  Result<std::string_view> got = file.Read(offset, bytes.size(), bytes.data());
  if (!got.ok()) return got.status();
  bytes.resize(got->size());  // |got| points into |bytes|
  return bytes;
}

bool SlotLess(const RawCacheKey& a, const RawCacheKey& b) { return a < b; }

}  // namespace

PackOpening OpenPackFile(FileSystem* fs, const std::string& path) {
  PackOpening out;
  Result<std::unique_ptr<RandomAccessFile>> file =
      fs->NewRandomAccessFile(path);
  if (!file.ok()) {
    Result<FileInfo> info = fs->Lstat(path);
    if (info.ok() || fs->Exists(path)) {
      // Only packs have pack names: anything else there is damage.
      bool damaged = info.ok() && info->type != FileType::kRegular;
      out.outcome = damaged ? PackOpening::kDamaged : PackOpening::kUnreadable;
      out.problem = file.status();
    }
    return out;
  }
  const RandomAccessFile& f = **file;
  // A failed read is kUnreadable; bytes that fail a check are kDamaged.
  auto fail = [&](PackOpening::Outcome outcome, const Status& status) {
    out.outcome = outcome;
    out.problem = status.WithContext("pack '" + path + "'");
    return std::move(out);
  };
  Result<std::string> header = ReadAt(f, 0, kPackHeaderSize);
  if (!header.ok()) return fail(PackOpening::kUnreadable, header.status());
  switch (ClassifyPackHeader(*header)) {
    case PackHeaderKind::kPack:
      break;
    case PackHeaderKind::kOtherVersion:
      out.outcome = PackOpening::kOtherVersion;
      return out;
    case PackHeaderKind::kNotAPack:
      return fail(PackOpening::kDamaged,
                  IoError("bad magic (not a pycpack pack)"));
  }
  const uint64_t size = f.size();
  const uint64_t tail_size = std::min<uint64_t>(size, kPackFooterSize);
  Result<std::string> tail = ReadAt(f, size - tail_size, tail_size);
  if (!tail.ok()) return fail(PackOpening::kUnreadable, tail.status());
  Result<PackFooter> footer = DecodePackFooter(*tail, size);
  if (!footer.ok()) return fail(PackOpening::kDamaged, footer.status());
  Result<std::string> index =
      ReadAt(f, footer->index_offset, footer->count * kPackIndexEntrySize);
  if (!index.ok()) return fail(PackOpening::kUnreadable, index.status());
  Result<std::vector<PackIndexEntry>> entries =
      DecodePackIndex(*index, *footer);
  if (!entries.ok()) return fail(PackOpening::kDamaged, entries.status());
  out.outcome = PackOpening::kOpened;
  out.pack = std::make_unique<OpenPack>();
  out.pack->path = path;
  out.pack->file = std::move(file).value();
  out.pack->entries = std::move(entries).value();
  return out;
}

Result<std::string> ReadPackEntry(const RandomAccessFile& file,
                                  const std::string& path, uint64_t offset,
                                  uint64_t length, const RawCacheKey& key) {
  const std::string where =
      "pack '" + path + "' (entry at byte " + std::to_string(offset) + ")";
  Result<std::string> bytes = ReadAt(file, offset, length);
  if (!bytes.ok()) return bytes.status().WithContext(where);
  Status check = CheckCacheEntry(*bytes, ToHexCacheKey(key));
  if (!check.ok()) return check.WithContext(where);
  return bytes;
}

PackSet::PackSet(FileSystem* fs, std::string dir)
    : fs_(fs), dir_(std::move(dir)) {}

size_t PackSet::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return packs_.size();
}

void PackSet::AddLocked(std::unique_ptr<OpenPack> pack) {
  const uint32_t id = static_cast<uint32_t>(packs_.size());
  std::vector<Slot> fresh;
  fresh.reserve(pack->entries.size());
  for (const PackIndexEntry& e : pack->entries) {
    // An entry too big to index is left out: a miss costs only time.
    if (e.length > std::numeric_limits<uint32_t>::max()) continue;
    fresh.push_back({e.key, id, static_cast<uint32_t>(e.length), e.offset});
  }
  packs_.push_back(
      std::make_unique<Pack>(Pack{pack->path, std::move(pack->file)}));
  const size_t old = slots_.size();
  slots_.insert(slots_.end(), fresh.begin(), fresh.end());  // sorted by key
  std::inplace_merge(
      slots_.begin(), slots_.begin() + old, slots_.end(),
      [](const Slot& a, const Slot& b) { return a.key < b.key; });
}

bool PackSet::HandleLocked(const std::string& path, PackOpening opening) {
  switch (opening.outcome) {
    case PackOpening::kOpened:
      AddLocked(std::move(opening.pack));
      break;
    case PackOpening::kGone:
      return true;
    case PackOpening::kOtherVersion:
      break;
    case PackOpening::kDamaged:
      // A pack never changes once named: it will stay damaged.
      fs_->RemoveAll(path);  // best effort
      problems_.push_back(opening.problem);
      break;
    case PackOpening::kUnreadable:
      problems_.push_back(opening.problem);
      break;
  }
  seen_.insert(path);
  return false;
}

void PackSet::LoadOnce() {
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    if (loaded_) return;
  }
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (loaded_) return;
  loaded_ = true;
  for (int attempt = 0; attempt < kListAttempts; ++attempt) {
    Result<std::vector<std::string>> names = fs_->ListDir(dir_);
    if (!names.ok()) {
      // No directory (or a file a Put will replace) means no packs yet.
      Result<FileInfo> info = fs_->Stat(dir_);
      if (info.ok() && info->type == FileType::kDirectory) {
        problems_.push_back(names.status());
      }
      return;
    }
    RemoveDeadTemporaries(fs_, dir_, *names);
    bool vanished = false;
    for (const std::string& name : *names) {
      if (!IsPackName(name)) continue;
      const std::string path = JoinPath(dir_, name);
      if (seen_.count(path) != 0) continue;
      vanished |= HandleLocked(path, OpenPackFile(fs_, path));
    }
    if (!vanished) return;
  }
}

void PackSet::AddPack(const std::string& path) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (!loaded_ || seen_.count(path) != 0) return;
  PackOpening opening = OpenPackFile(fs_, path);
  if (opening.outcome != PackOpening::kOpened) return;
  HandleLocked(path, std::move(opening));
}

Result<std::optional<std::string>> PackSet::Get(const RawCacheKey& key) const {
  struct Candidate {
    const Pack* pack;
    uint64_t offset;
    uint32_t length;
  };
  std::vector<Candidate> found;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto [first, last] = std::equal_range(
        slots_.begin(), slots_.end(), Slot{key, 0, 0, 0},
        [](const Slot& a, const Slot& b) { return SlotLess(a.key, b.key); });
    for (auto it = first; it != last; ++it) {
      found.push_back({packs_[it->pack].get(), it->offset, it->length});
    }
  }
  if (found.empty()) return std::optional<std::string>();
  Status first_error;
  for (const Candidate& c : found) {
    Result<std::string> entry =
        ReadPackEntry(*c.pack->file, c.pack->path, c.offset, c.length, key);
    if (entry.ok()) {
      entry->erase(0, kCacheEntryHeaderSize);
      return std::optional<std::string>(std::move(entry).value());
    }
    if (first_error.ok()) first_error = entry.status();
  }
  return first_error;
}

Status PackSet::TakeProblem() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  if (problems_.empty()) return Status::Ok();
  Status problem = problems_.front();
  problems_.erase(problems_.begin());
  return problem;
}

}  // namespace pycpack
