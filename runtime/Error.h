//===- Error.h - The exception libdlcrt throws on bad input -----*- C++ -*-===//
#ifndef DLC_RUNTIME_ERROR_H
#define DLC_RUNTIME_ERROR_H

#include <stdexcept>
#include <string>

namespace dlc::rt {

/// An error in a file, a model or a call, with a message that names the file
/// or tensor at fault. Every libdlcrt function reports bad input this way.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace dlc::rt

#endif // DLC_RUNTIME_ERROR_H
