// An ArchiveWriter decorator that runs the wrapped writer (and so its
// compression) on a thread of its own, so that the caller goes on handing
// out compile jobs while earlier entries are compressed.
#ifndef PYCPACK_ARCHIVE_BACKGROUND_WRITER_H_
#define PYCPACK_ARCHIVE_BACKGROUND_WRITER_H_

#include <cstddef>
#include <memory>

#include "pycpack/archive.h"

namespace pycpack {

// Add copies the entry into a queue and returns at once unless more than
// |max_queued_bytes| of data wait (then it blocks until they fit); a
// streamed entry is queued as its StreamedContent, without its data, and
// counts as no data (its file is read when the thread writes it). The
// thread passes entries to |inner| in order, woken in batches (about 1 MiB
// or 64 entries) rather than per entry. The first error of |inner| is
// returned by a later Add and by Finish; entries after it are dropped.
// Finish waits for the queue to drain, then finishes |inner|. The bytes
// written are exactly those |inner| writes when called directly.
// REQUIRES: |inner| may be used from another thread (one at a time).
std::unique_ptr<ArchiveWriter> NewBackgroundWriter(
    std::unique_ptr<ArchiveWriter> inner, size_t max_queued_bytes = 32 << 20);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_BACKGROUND_WRITER_H_
