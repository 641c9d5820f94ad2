//===- Diagnostics.cpp - Located error reporting --------------------------===//
#include "frontend/Diagnostics.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Unicode.h"

#include <cstdio>

using namespace dlc;

unsigned Diagnostics::addFile(llvm::StringRef name, llvm::StringRef text) {
  SourceFile f;
  f.name = name.str();
  f.text = text.str();
  f.lineStarts.push_back(0);
  for (size_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n')
      f.lineStarts.push_back(i + 1);
    if (static_cast<unsigned char>(f.text[i]) >= 0x80)
      f.ascii = false;
  }
  files.push_back(std::move(f));
  return files.size() - 1;
}

llvm::StringRef Diagnostics::getLine(unsigned fileId, unsigned line) const {
  if (fileId >= files.size())
    return {};
  const SourceFile &f = files[fileId];
  if (line == 0 || line > f.lineStarts.size())
    return {};
  size_t begin = f.lineStarts[line - 1];
  size_t end = f.text.find('\n', begin);
  if (end == std::string::npos)
    end = f.text.size();
  llvm::StringRef s(f.text.data() + begin, end - begin);
  return s.rtrim("\r");
}

void Diagnostics::error(SourceLoc loc, const llvm::Twine &msg) {
  ++numErrors;
  emit(loc, "error", msg);
}

void Diagnostics::note(SourceLoc loc, const llvm::Twine &msg) {
  emit(loc, "note", msg);
}

// Lines longer than this are shown as a window around the caret, so that a
// minified or generated line does not flood the terminal.
static constexpr unsigned kMaxShownColumns = 100;

/// Bytes in the character at `s[i]`: a whole UTF-8 sequence when one starts
/// there, else the single (invalid) byte.
static size_t charLength(llvm::StringRef s, size_t i) {
  auto *p = reinterpret_cast<const llvm::UTF8 *>(s.data());
  unsigned n = llvm::getNumBytesForUTF8(p[i]);
  if (n > 1 && i + n <= s.size() && llvm::isLegalUTF8Sequence(p + i, p + i + n))
    return n;
  return 1;
}

/// The code point of the valid UTF-8 sequence `c`.
static int codePoint(llvm::StringRef c) {
  const auto *p = reinterpret_cast<const llvm::UTF8 *>(c.data());
  llvm::UTF32 cp = 0;
  llvm::UTF32 *out = &cp;
  llvm::ConvertUTF8toUTF32(&p, p + c.size(), &out, out + 1,
                           llvm::strictConversion);
  return cp;
}

/// How character `c` (see charLength) is printed: as itself when printable,
/// else escaped (`\x00` for a byte, `\u202e` for a code point) so that a NUL,
/// an invalid byte or a bidirectional override cannot garble the terminal.
static std::string shownText(llvm::StringRef c) {
  char buf[16];
  if (c.size() == 1) {
    unsigned char b = c[0];
    if (b >= 0x20 && b < 0x7f)
      return c.str();
    snprintf(buf, sizeof(buf), "\\x%02x", b);
    return buf;
  }
  int cp = codePoint(c);
  if (llvm::sys::unicode::isPrintable(cp))
    return c.str();
  snprintf(buf, sizeof(buf), cp > 0xffff ? "\\U%08x" : "\\u%04x", cp);
  return buf;
}

std::string dlc::escapeNonPrintable(llvm::StringRef s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = charLength(s, i);
    out += shownText(s.substr(i, n));
    i += n;
  }
  return out;
}

unsigned Diagnostics::displayColumn(SourceLoc loc) const {
  // Source locations count bytes; people count characters. MLIRGen asks for
  // every node, so the answer for a line is computed once.
  if (loc.fileId >= files.size() || files[loc.fileId].ascii)
    return loc.col;
  if (cachedFile != loc.fileId || cachedLine != loc.line) {
    llvm::StringRef line = getLine(loc.fileId, loc.line);
    cachedColumns.assign(line.size() + 1, 0);
    unsigned col = 1;
    for (size_t i = 0; i < line.size(); ++col) {
      size_t n = charLength(line, i);
      for (size_t k = 0; k < n; ++k)
        cachedColumns[i + k] = col;
      i += n;
    }
    cachedColumns.back() = col;
    cachedFile = loc.fileId;
    cachedLine = loc.line;
  }
  size_t offset = loc.col ? loc.col - 1 : 0;
  size_t end = cachedColumns.size() - 1;
  // Past the end of the line: a newline or end-of-file token.
  return offset <= end ? cachedColumns[offset]
                       : cachedColumns[end] + (offset - end);
}

void Diagnostics::emit(SourceLoc loc, llvm::StringRef kind,
                       const llvm::Twine &msg) {
  std::string text = escapeNonPrintable(msg.str());
  if (!loc.isValid() || loc.fileId >= files.size()) {
    os << "dlc: " << kind << ": " << text << "\n";
    os.flush();
    return;
  }
  os << escapeNonPrintable(files[loc.fileId].name) << ":" << loc.line << ":"
     << displayColumn(loc) << ": " << kind << ": " << text << "\n";
  llvm::StringRef line = getLine(loc.fileId, loc.line);
  // The line is shown one character per cell: tabs expanded to 8-column
  // stops, non-printable characters escaped, CJK characters two columns
  // wide, so the caret stays under the character it points at.
  struct Cell {
    std::string text;
    unsigned width;
    char mark;
  };
  std::vector<Cell> cells;
  size_t begin = loc.col - 1;
  size_t end = loc.endLine == loc.line && loc.endCol > loc.col
                   ? loc.endCol - 1
                   : (loc.endLine > loc.line ? line.size() : begin + 1);
  unsigned width = 0, caretColumn = 0;
  for (size_t i = 0; i < line.size();) {
    size_t n = charLength(line, i);
    llvm::StringRef c = line.substr(i, n);
    Cell cell;
    if (c == "\t") {
      cell.width = 8 - width % 8;
      cell.text.assign(cell.width, ' ');
    } else {
      cell.text = shownText(c);
      // A combining mark (width 0) still gets a cell for its mark.
      cell.width = cell.text == c
                       ? std::max(llvm::sys::unicode::columnWidthUTF8(c), 1)
                       : cell.text.size();
    }
    cell.mark = ' ';
    if (i <= begin && begin < i + n) {
      cell.mark = '^';
      caretColumn = width;
    } else if (i > begin && i < end) {
      cell.mark = '~';
    }
    width += cell.width;
    cells.push_back(std::move(cell));
    i += n;
  }
  if (begin >= line.size()) { // Points at the end of the line.
    caretColumn = width;
    cells.push_back({"", 1, '^'});
  }
  // Long lines: a window of kMaxShownColumns around the caret.
  unsigned first = 0, last = width + 1;
  if (width > kMaxShownColumns) {
    first = caretColumn > kMaxShownColumns / 2
                ? caretColumn - kMaxShownColumns / 2
                : 0;
    last = first + kMaxShownColumns;
  }
  std::string shown = first > 0 ? "..." : "";
  std::string marks = first > 0 ? "   " : "";
  unsigned col = 0;
  for (const Cell &cell : cells) {
    if (col >= first && col + cell.width <= last) {
      shown += cell.text;
      marks += cell.mark;
      marks.append(cell.width - 1, cell.mark == ' ' ? ' ' : '~');
    }
    col += cell.width;
  }
  if (last < width)
    shown += "...";
  size_t lastMark = marks.find_last_not_of(' ');
  marks.resize(lastMark == std::string::npos ? 0 : lastMark + 1);
  os << shown << "\n" << marks << "\n";
  os.flush();
}
