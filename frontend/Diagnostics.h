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

private:
  void emit(SourceLoc loc, llvm::StringRef kind, const llvm::Twine &msg);

  llvm::raw_ostream &os;
  std::vector<SourceFile> files;
  unsigned numErrors = 0;
};

} // namespace dlc

#endif // DLC_FRONTEND_DIAGNOSTICS_H
