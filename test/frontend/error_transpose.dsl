# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# transpose needs a permutation of all dimensions.
module M {
  def forward(x: f32[N, 10]) {
    return transpose(x, [0, 0])
  }
}

# CHECK: {{.*}}error_transpose.dsl:5:25: error: transpose permutation [0, 0] is not a permutation of the 2 dimensions of f32[N, 10]
# CHECK-NEXT: {{^}}    return transpose(x, [0, 0]){{$}}
# CHECK-NEXT: {{^}}                        ^~~~~~{{$}}
