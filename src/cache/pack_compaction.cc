#include "cache/pack_compaction.h"

#include <algorithm>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "cache/pack_set.h"
#include "cache/pack_writer.h"
#include "util/paths.h"

namespace pycpack {
namespace {

// One copy of an entry: which pack holds it, and where.
struct Copy {
  RawCacheKey key;
  uint32_t pack;
  uint64_t offset;
  uint64_t length;
};

// The packs among |names| (of directory |dir|) that can be merged, in name
// order. Damaged ones are removed on the way.
std::vector<std::unique_ptr<OpenPack>> OpenAll(
    FileSystem* fs, const std::string& dir,
    const std::vector<std::string>& names) {
  std::vector<std::unique_ptr<OpenPack>> packs;
  for (const std::string& name : names) {
    if (!IsPackName(name)) continue;
    const std::string path = JoinPath(dir, name);
    PackOpening opening = OpenPackFile(fs, path);
    if (opening.outcome == PackOpening::kOpened) {
      packs.push_back(std::move(opening.pack));
    } else if (opening.outcome == PackOpening::kDamaged) {
      fs->RemoveAll(path);  // best effort
    }
  }
  return packs;
}

// Removes from |packs| the biggest one if it holds more than half of all
// their bytes: merging the others is enough to bound the count, and a big
// cache is not copied whole every time a few small packs add up.
void LeaveOutADominantPack(std::vector<std::unique_ptr<OpenPack>>* packs) {
  uint64_t total = 0;
  size_t biggest = 0;
  for (size_t i = 0; i < packs->size(); ++i) {
    total += (*packs)[i]->file->size();
    if ((*packs)[i]->file->size() > (*packs)[biggest]->file->size())
      biggest = i;
  }
  if (!packs->empty() && 2 * (*packs)[biggest]->file->size() > total) {
    packs->erase(packs->begin() + static_cast<std::ptrdiff_t>(biggest));
  }
}

// Every copy of every entry of |packs|, grouped by key: the copies of one
// key are adjacent, in pack order.
std::vector<Copy> AllCopies(
    const std::vector<std::unique_ptr<OpenPack>>& packs) {
  std::vector<Copy> copies;
  for (uint32_t p = 0; p < packs.size(); ++p) {
    for (const PackIndexEntry& e : packs[p]->entries) {
      copies.push_back({e.key, p, e.offset, e.length});
    }
  }
  std::stable_sort(copies.begin(), copies.end(),
                   [](const Copy& a, const Copy& b) { return a.key < b.key; });
  return copies;
}

// Writes one checked copy of every key of |copies| to |out|, in the order
// the first copies have in their packs (readers that go through the entries
// in the order they were made read the merged pack front to back).
Status CopyEntries(const std::vector<std::unique_ptr<OpenPack>>& packs,
                   const std::vector<Copy>& copies, PackWriter* out) {
  std::vector<std::pair<size_t, size_t>> groups;  // [begin, end) in copies
  for (size_t i = 0; i < copies.size();) {
    size_t j = i + 1;
    while (j < copies.size() && copies[j].key == copies[i].key) ++j;
    groups.emplace_back(i, j);
    i = j;
  }
  std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
    const Copy& x = copies[a.first];
    const Copy& y = copies[b.first];
    return std::tie(x.pack, x.offset) < std::tie(y.pack, y.offset);
  });
  for (const auto& [begin, end] : groups) {
    for (size_t i = begin; i < end; ++i) {
      const Copy& c = copies[i];
      const OpenPack& pack = *packs[c.pack];
      Result<std::string> entry =
          ReadPackEntry(*pack.file, pack.path, c.offset, c.length, c.key);
      if (!entry.ok()) continue;  // damaged: try the next copy
      PYCPACK_RETURN_IF_ERROR(out->AddEncoded(c.key, *entry));
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

Status CompactPacks(FileSystem* fs, const std::string& dir, size_t max_packs,
                    uint64_t nonce) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return Status::Ok();  // nothing to compact
  RemoveDeadTemporaries(fs, dir, *names);
  size_t count =
      std::count_if(names->begin(), names->end(),
                    [](const std::string& n) { return IsPackName(n); });
  if (count <= max_packs) return Status::Ok();
  std::vector<std::unique_ptr<OpenPack>> packs = OpenAll(fs, dir, *names);
  LeaveOutADominantPack(&packs);
  if (packs.size() < 2) return Status::Ok();
  Result<std::unique_ptr<PackWriter>> out = PackWriter::Create(fs, dir, nonce);
  if (!out.ok()) return out.status();
  PYCPACK_RETURN_IF_ERROR(CopyEntries(packs, AllCopies(packs), out->get()));
  PYCPACK_RETURN_IF_ERROR((*out)->Seal());
  for (const auto& pack : packs) fs->RemoveAll(pack->path);  // best effort
  return Status::Ok();
}

}  // namespace pycpack
