# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# An expression statement does nothing, so it is an error.
module M {
  def forward(x: f32[N, 4]) {
    relu(x)
    return x
  }
}

# CHECK: {{.*}}error_parse_unused_value.dsl:5:5: error: expression result is unused; assign it with 'name = ...' or 'return' it
# CHECK-NEXT: {{^}}    relu(x){{$}}
# CHECK-NEXT: {{^}}    ^~~~~~~{{$}}
