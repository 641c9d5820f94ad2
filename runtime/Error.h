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

/// `Text` with every byte outside printable ASCII written as \xNN: bytes of
/// a corrupt file quoted in a message (a key, a parser's "last read") stay
/// readable on a terminal and in a log.
inline std::string printable(const std::string &Text) {
  static const char Hex[] = "0123456789abcdef";
  std::string Out;
  for (unsigned char C : Text) {
    if (C >= 0x20 && C < 0x7f) {
      Out += static_cast<char>(C);
    } else {
      Out += "\\x";
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

} // namespace dlc::rt

#endif // DLC_RUNTIME_ERROR_H
