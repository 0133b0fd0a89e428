#include <malloc.h>

#include "cli/cli.h"

namespace {

// A build allocates and frees buffers of a few hundred KiB to a few MiB per
// file (sources, pycs, compiler arenas). With glibc's defaults each one is a
// fresh mmap or a heap that is trimmed back, and every page is faulted in
// again: on the stdlib corpus that was 2.7x the page faults and 5-10 % of
// the CPU (docs/benchmarks.md). Keeping freed memory for reuse costs at most
// the peak heap, which the streaming pipeline bounds. This is the program's
// policy, not the library's, so it lives here.
void KeepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  KeepFreedMemory();
  return pycpack::RunCli(argc, argv);
}
