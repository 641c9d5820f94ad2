# RUN: dlc %s --emit=mlir | FileCheck %s
# Symbolic reshapes that can be proven at compile time are accepted: -1
# takes the symbolic factors left over (2*K), and equal counts match.
module M {
  def forward(x: f32[N, K, 4]) {
    y = reshape(x, [N, -1, 2])
    return [y, reshape(y, [N, K * 4])]
  }
}

# CHECK: func.func @forward
# CHECK-SAME: dlc.dims = ["N", "2*K", 2]
# CHECK-SAME: dlc.dims = ["N", "4*K"]
# CHECK: dlc.reshape %arg0 : tensor<?x?x4xf32> -> tensor<?x?x2xf32>
