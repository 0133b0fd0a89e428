#include "cache/pack_writer.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "cache/cache_entry.h"
#include "util/paths.h"
#include "util/subprocess.h"

namespace pycpack {
namespace {

constexpr uint32_t kDirMode = 0755;
constexpr uint32_t kPackMode = 0644;

bool IsDirectory(FileSystem* fs, const std::string& path) {
  Result<FileInfo> info = fs->Stat(path);
  return info.ok() && info->type == FileType::kDirectory;
}

// Creates directory |path| and its missing parents. Succeeds if another
// process creates one of them at the same time.
Status MakeDirs(FileSystem* fs, const std::string& path) {
  if (IsDirectory(fs, path)) return Status::Ok();
  std::string parent(DirName(path));
  if (!parent.empty() && parent != path) {
    PYCPACK_RETURN_IF_ERROR(MakeDirs(fs, parent));
  }
  Status status = fs->MakeDir(path, kDirMode);
  if (!status.ok() && IsDirectory(fs, path)) return Status::Ok();
  return status;
}

// Makes sure |dir| is a directory, replacing whatever else is there (only
// the cache writes there: anything else is damage); parents are created.
Status EnsureDirectory(FileSystem* fs, const std::string& dir) {
  Result<FileInfo> info = fs->Lstat(dir);
  if (info.ok()) {
    if (info->type == FileType::kDirectory) return Status::Ok();
    PYCPACK_RETURN_IF_ERROR(fs->RemoveAll(dir));
  }
  return MakeDirs(fs, dir);
}

std::string Hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

size_t RawCacheKeyHash::operator()(const RawCacheKey& key) const {
  size_t h;  // keys are SHA-256 digests: any 8 bytes are a good hash
  std::memcpy(&h, key.data(), sizeof h);
  return h;
}

bool IsPackName(std::string_view name) {
  return name.size() > kPackSuffix.size() && name.ends_with(kPackSuffix);
}

long PackTempOwner(std::string_view name) {
  size_t at = name.rfind(kPackTempInfix);
  if (at == std::string_view::npos || !IsPackName(name.substr(0, at))) {
    return -1;
  }
  std::string rest(name.substr(at + kPackTempInfix.size()));
  char* end = nullptr;
  long pid = std::strtol(rest.c_str(), &end, 10);
  if (end == rest.c_str() || *end != '.' || pid <= 0) return -1;
  return pid;
}

void RemoveDeadTemporaries(FileSystem* fs, const std::string& dir,
                           const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    long pid = PackTempOwner(name);
    if (pid <= 0 || ProcessMayExist(pid)) continue;
    fs->RemoveAll(JoinPath(dir, name));
  }
}

Result<std::unique_ptr<PackWriter>> PackWriter::Create(FileSystem* fs,
                                                       const std::string& dir,
                                                       uint64_t nonce) {
  PYCPACK_RETURN_IF_ERROR(EnsureDirectory(fs, dir));
  std::string path = JoinPath(dir, Hex16(nonce) + std::string(kPackSuffix));
  std::string temp = path + std::string(kPackTempInfix) +
                     std::to_string(static_cast<long>(::getpid())) + "." +
                     Hex16(nonce);
  Result<std::unique_ptr<WritableFile>> file =
      fs->NewWritableFile(temp, kPackMode);
  if (!file.ok()) return file.status();
  return std::unique_ptr<PackWriter>(new PackWriter(
      fs, std::move(path), std::move(temp), std::move(file).value()));
}

PackWriter::PackWriter(FileSystem* fs, std::string path, std::string temp_path,
                       std::unique_ptr<WritableFile> file)
    : fs_(fs),
      path_(std::move(path)),
      temp_path_(std::move(temp_path)),
      file_(std::move(file)),
      written_(0),
      buffer_(kPackMagic) {}

PackWriter::~PackWriter() {
  if (sealed_) return;
  file_.reset();
  fs_->RemoveAll(temp_path_);  // best effort
}

void PackWriter::Fail() {
  file_.reset();
  fs_->RemoveAll(temp_path_);  // best effort
  index_.clear();
  buffer_.clear();
}

Status PackWriter::FlushBuffer() {
  if (buffer_.empty()) return Status::Ok();
  Status status = file_->Append(buffer_);
  if (!status.ok()) return status;
  written_ += buffer_.size();
  buffer_.clear();
  return Status::Ok();
}

Status PackWriter::Add(const RawCacheKey& key, std::string_view payload) {
  return AddEncoded(key, EncodeCacheEntry(ToHexCacheKey(key), payload));
}

Status PackWriter::AddEncoded(const RawCacheKey& key, std::string_view entry) {
  if (!file_) return InternalError("pack '" + path_ + "' is closed");
  // The newest entry always stays in the buffer, so that a Find right after
  // its Add can serve it.
  if (buffer_.size() + entry.size() > kPackWriteBuffer) {
    Status status = FlushBuffer();
    if (!status.ok()) {
      Fail();
      return status;
    }
  }
  const uint64_t offset = written_ + buffer_.size();
  buffer_.append(entry);
  index_[key] = {offset, entry.size()};
  return Status::Ok();
}

PackWriter::Lookup PackWriter::Find(const RawCacheKey& key,
                                    std::string* entry) const {
  auto it = index_.find(key);
  if (it == index_.end()) return Lookup::kAbsent;
  if (it->second.offset < written_) return Lookup::kWritten;
  *entry = buffer_.substr(it->second.offset - written_, it->second.length);
  return Lookup::kBuffered;
}

Status PackWriter::Seal() {
  if (!file_) return InternalError("pack '" + path_ + "' is closed");
  std::vector<PackIndexEntry> entries;
  entries.reserve(index_.size());
  for (const auto& [key, at] : index_)
    entries.push_back({key, at.offset, at.length});
  const uint64_t index_offset = written_ + buffer_.size();
  buffer_ += EncodePackIndex(std::move(entries), index_offset);
  Status status = FlushBuffer();
  if (status.ok()) status = file_->Close();
  if (status.ok()) status = fs_->Rename(temp_path_, path_);
  if (!status.ok()) {
    Fail();
    return status;
  }
  file_.reset();
  sealed_ = true;
  return Status::Ok();
}

}  // namespace pycpack
