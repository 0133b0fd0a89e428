#include "fs/fs_errors.h"

#include <string>
#include <system_error>

namespace pycpack {

Status ErrnoStatus(std::string_view action, std::string_view path, int err) {
  std::string msg = "cannot ";
  msg += action;
  msg += " '";
  msg += path;
  msg += "': ";
  msg += std::generic_category().message(err);
  return IoError(std::move(msg));
}

Status ErrnoStatus2(std::string_view action, std::string_view from,
                    std::string_view link, std::string_view to, int err) {
  std::string msg = "cannot ";
  msg += action;
  msg += " '";
  msg += from;
  msg += "' ";
  msg += link;
  msg += " '";
  msg += to;
  msg += "': ";
  msg += std::generic_category().message(err);
  return IoError(std::move(msg));
}

}  // namespace pycpack
