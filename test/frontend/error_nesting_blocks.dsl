# RUN: %python -c "print('module M(a: bool = true) {\n  def forward(x: f32[N, 3]) {\n' + 'if a {\n' * 300 + 'return x\n' + '}\n' * 300 + 'return x\n  }\n}')" > %t.dsl
# RUN: not dlc %t.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Blocks nest at most 256 deep: the module body, the def's, then 254 ifs.

# CHECK: {{.*}}.dsl:257:6: error: blocks nested more than 256 levels deep
# CHECK-NEXT: {{^}}if a {{[{]$}}
# CHECK-NEXT: {{^}}     ^{{$}}
