//===- Diagnostics.cpp - Located error reporting --------------------------===//
#include "frontend/Diagnostics.h"

using namespace dlc;

unsigned Diagnostics::addFile(llvm::StringRef name, llvm::StringRef text) {
  SourceFile f;
  f.name = name.str();
  f.text = text.str();
  f.lineStarts.push_back(0);
  for (size_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n')
      f.lineStarts.push_back(i + 1);
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

void Diagnostics::emit(SourceLoc loc, llvm::StringRef kind,
                       const llvm::Twine &msg) {
  if (!loc.isValid() || loc.fileId >= files.size()) {
    os << "dlc: " << kind << ": " << msg << "\n";
    os.flush();
    return;
  }
  os << files[loc.fileId].name << ":" << loc.line << ":" << loc.col << ": "
     << kind << ": " << msg << "\n";
  llvm::StringRef line = getLine(loc.fileId, loc.line);
  // Expand tabs (to 8-column stops) in both lines so the caret stays under the
  // character it points at whatever the terminal's tab width.
  std::string shown, marks;
  unsigned col = 1;
  unsigned endCol =
      loc.endLine == loc.line && loc.endCol > loc.col
          ? loc.endCol
          : (loc.endLine > loc.line ? line.size() + 1 : loc.col + 1);
  unsigned caretPos = 0;
  for (size_t i = 0; i < line.size(); ++i, ++col) {
    char c = line[i];
    unsigned width = 1;
    if (c == '\t')
      width = 8 - shown.size() % 8;
    char mark = ' ';
    if (col == loc.col) {
      mark = '^';
      caretPos = shown.size();
    } else if (col > loc.col && col < endCol) {
      mark = '~';
    }
    for (unsigned k = 0; k < width; ++k) {
      shown.push_back(c == '\t' ? ' ' : c);
      marks.push_back(k == 0 ? mark : (mark == ' ' ? ' ' : '~'));
    }
  }
  if (loc.col > line.size()) { // Points at the end of the line.
    caretPos = shown.size();
    marks.append(shown.size() - marks.size(), ' ');
    marks.push_back('^');
  }
  size_t last = marks.find_last_not_of(' ');
  marks.resize(last == std::string::npos ? 0 : last + 1);
  if (shown.size() > kMaxShownColumns) {
    size_t start =
        caretPos > kMaxShownColumns / 2 ? caretPos - kMaxShownColumns / 2 : 0;
    size_t len = kMaxShownColumns;
    std::string s = shown.substr(start, len);
    std::string m = start < marks.size() ? marks.substr(start, len) : "";
    if (start > 0) {
      s = "..." + s;
      m = "   " + m;
    }
    if (start + len < shown.size())
      s += "...";
    shown = s;
    marks = m;
  }
  os << shown << "\n" << marks << "\n";
  os.flush();
}
