# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# reshape checks the element count, symbolic factors included.
module M {
  def forward(x: f32[N, 784]) {
    return reshape(x, [N, 28, 29])
  }
}

# CHECK: {{.*}}error_reshape.dsl:5:23: error: cannot reshape f32[N, 784] (784*N elements) to [N, 28, 29] (812*N elements)
# CHECK-NEXT: {{^}}    return reshape(x, [N, 28, 29]){{$}}
# CHECK-NEXT: {{^}}                      ^~~~~~~~~~~{{$}}
