# RUN: %python -c "print('module M(a: bool = true) {\n  def forward(x: f32[N, 3]) {\n    if ' + 'n' 'ot ' * 300 + 'a {\n      return x\n    }\n    return -x\n  }\n}')" > %t.dsl
# RUN: not dlc %t.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# `not not ... a` nests like parentheses do, and so do unary minus and '**'.
# (The command splits 'n' 'ot' so that lit does not substitute its `not`.)

# CHECK: {{.*}}.dsl:3:1032: error: expression nested more than 256 levels deep
# CHECK-NEXT: {{^\.\.\.[ not]+\.\.\.$}}
# CHECK-NEXT: {{^}}                                                     ^~~{{$}}
