# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A missing operand is reported at the end of the line.
module M {
  def forward(x: f32[N, 4]) {
    return x +
  }
}

# CHECK: {{.*}}error_parse_expression.dsl:5:15: error: expected an expression, found end of line
# CHECK-NEXT: {{^}}    return x +{{$}}
# CHECK-NEXT: {{^}}              ^{{$}}
