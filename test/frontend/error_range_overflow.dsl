# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# The length of a range is computed without overflow; `B - A` used to wrap
# negative here, slip past the unroll limit and exhaust memory.
module M {
  def forward(x: f32[N, 3]) {
    for i in -9223372036854775807..9223372036854775807 {
      x = x + 1.0
    }
    return x
  }
}

# CHECK: {{.*}}error_range_overflow.dsl:6:14: error: range -9223372036854775807..9223372036854775807 is too long to unroll
# CHECK-NEXT: {{^}}    for i in -9223372036854775807..9223372036854775807 {{[{]$}}
# CHECK-NEXT: {{^}}             ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
