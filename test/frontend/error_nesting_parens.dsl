# RUN: %python -c "print('module M {\n  def forward(x: f32[N, 3]) {\n    return ' + '(' * 300 + 'x' + ')' * 300 + '\n  }\n}')" > %t.dsl
# RUN: not dlc %t.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Nesting is bounded so that the recursive parser, sema and the AST's
# destructors cannot overflow the stack (10,000 parentheses used to crash).
# The 257th parenthesis (column 268 of the line) is reported.

# CHECK: {{.*}}.dsl:3:268: error: expression nested more than 256 levels deep
# CHECK-NEXT: {{^\.\.\.\(+x\)+\.\.\.$}}
# CHECK-NEXT: {{^}}                                                     ^{{$}}
