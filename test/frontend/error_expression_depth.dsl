# RUN: %python -c "print('module M {\n  def forward(x: f32[N, 3]) {\n    return ' + ' + '.join(['x'] * 10000) + '\n  }\n}')" > %t.dsl
# RUN: not dlc %t.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A chain `x + x + ... + x` is a left-nested tree as tall as it is long;
# sema's recursive evaluation of a 10,000-term chain overflowed the stack.
# The 1001st '+' (column 4014) is reported.

# CHECK: {{.*}}.dsl:3:4014: error: expression nested more than 1000 operations deep; split it with intermediate assignments
# CHECK-NEXT: {{^\.\.\.( ?x \+)+ \.\.\.$}}
# CHECK-NEXT: {{^}}                                                     ^{{$}}
