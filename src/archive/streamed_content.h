// Reading the content of a streamed ArchiveEntry (StreamedContent in
// pycpack/archive.h) in bounded pieces, with the size check every writer
// and every hash of it must make.
#ifndef PYCPACK_ARCHIVE_STREAMED_CONTENT_H_
#define PYCPACK_ARCHIVE_STREAMED_CONTENT_H_

#include <functional>
#include <string_view>

#include "pycpack/archive.h"
#include "pycpack/status.h"

namespace pycpack {

// Calls |sink| with consecutive pieces of the file (each at most
// kStreamPiece bytes, never empty) that add up to exactly content.size
// bytes. Returns the first error of |sink|, the file system's error, or an
// IoError naming content.path when the file holds fewer or more bytes than
// content.size (it changed during the build). On error |sink| may already
// have received part of the content. Holds one piece in memory.
Status ReadStreamed(const StreamedContent& content,
                    const std::function<Status(std::string_view)>& sink);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_STREAMED_CONTENT_H_
