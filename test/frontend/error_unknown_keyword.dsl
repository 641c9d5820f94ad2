# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Keywords are checked against the signature (DSL says axis, not dim).
module M {
  def forward(x: f32[N, 10]) {
    return softmax(x, dim = 1)
  }
}

# CHECK: {{.*}}error_unknown_keyword.dsl:5:23: error: 'softmax' has no argument named 'dim' (arguments: x, axis)
# CHECK-NEXT: {{^}}    return softmax(x, dim = 1){{$}}
# CHECK-NEXT: {{^}}                      ^~~{{$}}
