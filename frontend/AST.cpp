//===- AST.cpp - Printing the syntax tree (`dlc --emit=ast`) --------------===//
#include "frontend/AST.h"

using namespace dlc;

namespace {
/// Writes one node per line, indented by depth, with its location.
class AstPrinter {
public:
  explicit AstPrinter(llvm::raw_ostream &os) : os(os) {}

  void print(const Program &p) {
    line("Program", p.loc);
    Indent in(*this);
    for (const ImportDecl &i : p.imports)
      line("Import \"" + i.path + "\"", i.loc);
    for (const auto &m : p.modules)
      print(*m);
    for (const auto &t : p.trains)
      print(*t);
  }

private:
  struct Indent {
    explicit Indent(AstPrinter &p) : p(p) { ++p.depth; }
    ~Indent() { --p.depth; }
    AstPrinter &p;
  };

  void line(const std::string &text, SourceLoc loc) {
    os.indent(depth * 2) << text << " @" << loc.line << ":" << loc.col << "\n";
  }

  void print(const ModuleDecl &m) {
    line("Module " + m.name, m.nameLoc);
    Indent in(*this);
    for (const ArgDecl &a : m.args)
      print(a, "Arg");
    print(m.body);
  }

  void print(const TrainDecl &t) {
    line("Train " + (t.name.empty() ? std::string() : t.name + ": ") +
             t.moduleName,
         t.loc);
    Indent in(*this);
    for (const CallArg &a : t.args)
      print(a);
    print(t.body);
  }

  void print(const ArgDecl &a, const char *what) {
    std::string text = std::string(what) + " " + a.name;
    if (a.hasType)
      text += ": " + typeString(a.type);
    line(text, a.loc);
    if (a.defaultValue) {
      Indent in(*this);
      line("Default", a.defaultValue->loc);
      Indent in2(*this);
      print(*a.defaultValue);
    }
    if (a.hasType)
      printTypeDims(a.type);
  }

  std::string typeString(const TypeExpr &t) {
    if (t.isScalar)
      return t.name;
    return t.name + "[" + std::to_string(t.dims.size()) + " dims]";
  }

  void printTypeDims(const TypeExpr &t) {
    if (t.isScalar)
      return;
    Indent in(*this);
    line("Type " + t.name, t.loc);
    Indent in2(*this);
    for (const ExprPtr &d : t.dims)
      print(*d);
  }

  void print(const CallArg &a) {
    if (a.name.empty()) {
      print(*a.value);
      return;
    }
    line("Keyword " + a.name, a.loc);
    Indent in(*this);
    print(*a.value);
  }

  void print(const Block &b) {
    for (const StmtPtr &s : b)
      print(*s);
  }

  void print(const Stmt &s) {
    switch (s.getKind()) {
    case Stmt::Kind::Assign: {
      auto &a = llvm::cast<AssignStmt>(s);
      line("Assign " + a.name, a.loc);
      Indent in(*this);
      print(*a.value);
      return;
    }
    case Stmt::Kind::Return: {
      auto &r = llvm::cast<ReturnStmt>(s);
      line("Return", r.loc);
      Indent in(*this);
      print(*r.value);
      return;
    }
    case Stmt::Kind::For: {
      auto &f = llvm::cast<ForStmt>(s);
      line("For " + f.var, f.loc);
      Indent in(*this);
      print(*f.iterable);
      line("Body", f.loc);
      Indent in2(*this);
      print(f.body);
      return;
    }
    case Stmt::Kind::If: {
      auto &i = llvm::cast<IfStmt>(s);
      line("If", i.loc);
      Indent in(*this);
      print(*i.cond);
      line("Then", i.loc);
      {
        Indent in2(*this);
        print(i.thenBody);
      }
      if (!i.elseBody.empty()) {
        line("Else", i.elseBody.front()->loc);
        Indent in2(*this);
        print(i.elseBody);
      }
      return;
    }
    case Stmt::Kind::Param: {
      auto &p = llvm::cast<ParamStmt>(s);
      line(std::string(p.isBuffer ? "Buffer " : "Param ") + p.name, p.loc);
      printTypeDims(p.type);
      Indent in(*this);
      line("Init", p.init->loc);
      Indent in2(*this);
      print(*p.init);
      return;
    }
    case Stmt::Kind::Def: {
      auto &d = llvm::cast<DefStmt>(s);
      line("Def " + d.name, d.loc);
      Indent in(*this);
      for (const ArgDecl &a : d.args)
        print(a, "Arg");
      if (d.hasReturnType) {
        line("Returns", d.returnType.loc);
        printTypeDims(d.returnType);
      }
      print(d.body);
      return;
    }
    case Stmt::Kind::Batch: {
      auto &b = llvm::cast<BatchStmt>(s);
      line("Batch", b.loc);
      Indent in(*this);
      for (const ArgDecl &a : b.inputs)
        print(a, "Input");
      return;
    }
    case Stmt::Kind::Metric: {
      auto &m = llvm::cast<MetricStmt>(s);
      line("Metric " + m.name, m.loc);
      Indent in(*this);
      print(*m.value);
      return;
    }
    }
  }

  void print(const Expr &e) {
    switch (e.getKind()) {
    case Expr::Kind::Int:
      line("Int " + std::to_string(llvm::cast<IntExpr>(e).value), e.loc);
      return;
    case Expr::Kind::Float: {
      char buf[32];
      snprintf(buf, sizeof(buf), "%g", llvm::cast<FloatExpr>(e).value);
      line(std::string("Float ") + buf, e.loc);
      return;
    }
    case Expr::Kind::Bool:
      line(std::string("Bool ") +
               (llvm::cast<BoolExpr>(e).value ? "true" : "false"),
           e.loc);
      return;
    case Expr::Kind::String:
      line("String \"" + llvm::cast<StringExpr>(e).value + "\"", e.loc);
      return;
    case Expr::Kind::Name:
      line("Name " + llvm::cast<NameExpr>(e).name, e.loc);
      return;
    case Expr::Kind::Unary: {
      auto &u = llvm::cast<UnaryExpr>(e);
      line("Unary " + u.op, u.loc);
      Indent in(*this);
      print(*u.operand);
      return;
    }
    case Expr::Kind::Binary: {
      auto &b = llvm::cast<BinaryExpr>(e);
      line("Binary " + b.op, b.loc);
      Indent in(*this);
      print(*b.lhs);
      print(*b.rhs);
      return;
    }
    case Expr::Kind::Call: {
      auto &c = llvm::cast<CallExpr>(e);
      line("Call", c.loc);
      Indent in(*this);
      print(*c.callee);
      for (const CallArg &a : c.args)
        print(a);
      return;
    }
    case Expr::Kind::Index: {
      auto &i = llvm::cast<IndexExpr>(e);
      line("Index", i.loc);
      Indent in(*this);
      print(*i.base);
      for (const ExprPtr &x : i.indices)
        print(*x);
      return;
    }
    case Expr::Kind::Member: {
      auto &m = llvm::cast<MemberExpr>(e);
      line("Member " + m.member, m.loc);
      Indent in(*this);
      print(*m.base);
      return;
    }
    case Expr::Kind::List: {
      auto &l = llvm::cast<ListExpr>(e);
      line("List", l.loc);
      Indent in(*this);
      for (const ExprPtr &x : l.elements)
        print(*x);
      return;
    }
    case Expr::Kind::ListComp: {
      auto &l = llvm::cast<ListCompExpr>(e);
      line("ListComp " + l.var, l.loc);
      Indent in(*this);
      print(*l.iterable);
      print(*l.element);
      return;
    }
    case Expr::Kind::Range: {
      auto &r = llvm::cast<RangeExpr>(e);
      line("Range", r.loc);
      Indent in(*this);
      print(*r.begin);
      print(*r.end);
      return;
    }
    case Expr::Kind::Slice: {
      auto &s = llvm::cast<SliceExpr>(e);
      line("Slice", s.loc);
      Indent in(*this);
      auto part = [&](const char *name, const ExprPtr &p) {
        if (!p)
          return;
        line(name, p->loc);
        Indent in2(*this);
        print(*p);
      };
      part("Start", s.start);
      part("Stop", s.stop);
      part("Step", s.step);
      return;
    }
    case Expr::Kind::Ellipsis:
      line("Ellipsis", e.loc);
      return;
    }
  }

  llvm::raw_ostream &os;
  unsigned depth = 0;
};
} // namespace

void dlc::printAst(const Program &program, llvm::raw_ostream &os) {
  AstPrinter(os).print(program);
}
