//===- Diagnostics.h - Located error reporting ------------------*- C++ -*-===//
//
// Owns the text of every loaded source file and prints diagnostics as
// `file:line:col: error: message`, the source line and a caret line.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_DIAGNOSTICS_H
#define DLC_FRONTEND_DIAGNOSTICS_H

#include "frontend/SourceLoc.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace dlc {

/// A loaded source file.
struct SourceFile {
  /// Name printed in diagnostics (as given on the command line).
  std::string name;
  /// The whole text.
  std::string text;
  /// Byte offset of the start of each line (index 0 is line 1).
  std::vector<size_t> lineStarts;
  /// True when every byte is ASCII, so that columns of bytes and of
  /// characters agree.
  bool ascii = true;
};

/// Collects source files and prints located diagnostics to a stream.
class Diagnostics {
public:
  /// Diagnostics go to `os`.
  explicit Diagnostics(llvm::raw_ostream &os) : os(os) {}

  /// Registers a file and returns its id for `SourceLoc::fileId`.
  unsigned addFile(llvm::StringRef name, llvm::StringRef text);
  /// The file with id `id`.
  const SourceFile &getFile(unsigned id) const { return files[id]; }
  /// Number of registered files.
  unsigned getNumFiles() const { return files.size(); }

  /// Prints an error at `loc` and counts it.
  void error(SourceLoc loc, const llvm::Twine &msg);
  /// Prints a note at `loc` (attached to the previous error).
  void note(SourceLoc loc, const llvm::Twine &msg);
  /// Number of errors reported so far.
  unsigned getNumErrors() const { return numErrors; }
  /// True when at least one error was reported.
  bool hadError() const { return numErrors != 0; }

  /// The text of line `line` (1-based) of file `fileId`, without newline.
  llvm::StringRef getLine(unsigned fileId, unsigned line) const;
  /// The column of `loc` as printed: characters (code points, each invalid
  /// byte counting as one) rather than the bytes that SourceLoc counts.
  unsigned displayColumn(SourceLoc loc) const;

private:
  void emit(SourceLoc loc, llvm::StringRef kind, const llvm::Twine &msg);

  llvm::raw_ostream &os;
  std::vector<SourceFile> files;
  unsigned numErrors = 0;
  /// displayColumn's answer for each byte of the line it last looked at.
  mutable unsigned cachedFile = ~0u, cachedLine = 0;
  mutable std::vector<unsigned> cachedColumns;
};

/// `s` with every character that is not printable escaped (`\x00` for a
/// byte that is a control character or not valid UTF-8, `\u202e` for a code
/// point), printable UTF-8 kept as is.
std::string escapeNonPrintable(llvm::StringRef s);

} // namespace dlc

#endif // DLC_FRONTEND_DIAGNOSTICS_H
