//===- SourceLoc.h - Positions in DSL source files --------------*- C++ -*-===//
//
// A located range in one of the files the frontend has loaded; every AST node,
// diagnostic and graph node carries one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_SOURCELOC_H
#define DLC_FRONTEND_SOURCELOC_H

namespace dlc {

/// A half-open source range [line:col, endLine:endCol) in file `fileId` of
/// the `Diagnostics` engine. Lines and columns are 1-based; line 0 means
/// "no location". Columns count bytes; Diagnostics::displayColumn gives the
/// character column that messages show.
struct SourceLoc {
  /// Index of the file in the diagnostics engine.
  unsigned fileId = 0;
  /// First line and column of the range.
  unsigned line = 0, col = 0;
  /// Line and column one past the last character of the range.
  unsigned endLine = 0, endCol = 0;

  /// True when the location points somewhere.
  bool isValid() const { return line != 0; }
  /// The range from the start of `a` to the end of `b`.
  static SourceLoc merge(const SourceLoc &a, const SourceLoc &b) {
    SourceLoc r = a;
    if (b.isValid() && b.fileId == a.fileId &&
        (b.endLine > r.endLine ||
         (b.endLine == r.endLine && b.endCol > r.endCol))) {
      r.endLine = b.endLine;
      r.endCol = b.endCol;
    }
    return r;
  }
};

} // namespace dlc

#endif // DLC_FRONTEND_SOURCELOC_H
