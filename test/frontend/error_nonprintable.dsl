# RUN: printf 'module M {\n  def forward(x: f32[N, 4]) {\n    return x\000 + 1\n  }\n}\n' > %t.nul.dsl
# RUN: not dlc %t.nul.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A NUL or a byte that is not UTF-8 is escaped in the message and the line,
# and the caret spans the escape.
# RUN: printf 'module M {\n  def forward(x: f32[N, 4]) {\n    return x + \377\376\n  }\n}\n' > %t.bad.dsl
# RUN: not dlc %t.bad.dsl --emit=mlir 2>&1 | FileCheck %s --strict-whitespace --check-prefix=BAD

# CHECK: {{.*}}.nul.dsl:3:13: error: unexpected character '\x00'
# CHECK-NEXT: {{^}}    return x\x00 + 1{{$}}
# CHECK-NEXT: {{^}}            ^~~~{{$}}
# BAD: {{.*}}.bad.dsl:3:16: error: unexpected character '\xff'
# BAD-NEXT: {{^}}    return x + \xff\xfe{{$}}
# BAD-NEXT: {{^}}               ^~~~{{$}}
