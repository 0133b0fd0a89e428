// Merging the packs of a cache directory, so that their number stays small.
//
// Policy: a writer that has just sealed its pack calls CompactPacks; when the
// directory then holds more than |max_packs| packs, it merges the packs it
// can read into one new pack (written under a temporary name and renamed,
// like any pack), and only then removes the packs it merged. The biggest
// pack is left out of the merge when it holds more than half of all the
// bytes, so that a big cache is not copied whole each time small packs
// pile up (each byte is copied about log2(cache / pack) times). Entries are
// checked as they are copied: a damaged one is dropped (another pack's copy
// of the same key is used if there is one), a key held twice is kept once.
// Damaged packs are removed; packs of another pycpack version and packs
// that cannot be read now are left alone.
//
// Concurrency: readers that have a merged pack open keep reading it after
// its removal (the file stays open); one that finds it gone lists the
// directory again and finds the merged pack, which was named before any
// removal. Two builds compacting at once each write a merged pack and remove
// the packs they merged; nothing is lost, one key may be held twice until
// the next compaction.
#ifndef PYCPACK_CACHE_PACK_COMPACTION_H_
#define PYCPACK_CACHE_PACK_COMPACTION_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// Merges the packs of |dir| as described above if there are more than
// |max_packs|; |nonce| names the merged pack (PackWriter::Create). Returns
// an error only when the merged pack could not be written (then nothing was
// removed). Also removes the temporaries of writers that no longer exist.
Status CompactPacks(FileSystem* fs, const std::string& dir, size_t max_packs,
                    uint64_t nonce);

}  // namespace pycpack

#endif  // PYCPACK_CACHE_PACK_COMPACTION_H_
