// Ctrl-C and SIGTERM: the handler only records the request; long loops poll
// Interrupted() and unwind, so staged outputs are removed on the way out.
#ifndef PYCPACK_UTIL_INTERRUPT_H_
#define PYCPACK_UTIL_INTERRUPT_H_

namespace pycpack {

// Installs the SIGINT/SIGTERM handler (idempotent).
void InstallInterruptHandler();

// True once SIGINT or SIGTERM was received after InstallInterruptHandler.
bool Interrupted();

}  // namespace pycpack

#endif  // PYCPACK_UTIL_INTERRUPT_H_
