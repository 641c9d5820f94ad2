# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Columns and carets count characters, not bytes: "é→" is two characters
# (five bytes) before the operator.
module M {
  param w: f32[5, 3] = zeros()
  def forward(x: f32[N, 4]) {
    s = "é→"; return x @ w
  }
}

# CHECK: {{.*}}error_utf8_column.dsl:7:22: error: matmul of f32[N, 4] and f32[5, 3]: inner dimensions 4 and 5 differ
# CHECK-NEXT: {{^}}    s = "é→"; return x @ w{{$}}
# CHECK-NEXT: {{^}}                     ^~~~~{{$}}
