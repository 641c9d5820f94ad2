# RUN: dlc %s --emit=mlir | FileCheck %s
# Imports resolve relative to the importing file; a file imported twice is
# loaded once.
import "Inputs/layers.dsl"
import "Inputs/more_layers.dsl"

module Net {
  a = Dense(4, 8)
  b = Scale(8)

  def forward(x: f32[N, 4]) {
    return b(a(x))
  }
}

# CHECK: module attributes {dlc.model = "Net"}
# CHECK: dlc.param @a.fc.weight : tensor<8x4xf32>
# CHECK: dlc.param @a.fc.bias : tensor<8xf32>
# CHECK: dlc.param @b.s : tensor<8xf32> init "ones"
# CHECK: func.func @forward
# CHECK: dlc.linear
# CHECK: dlc.relu
# CHECK: dlc.mul
