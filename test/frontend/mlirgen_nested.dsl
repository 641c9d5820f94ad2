# RUN: dlc %s --emit=mlir | FileCheck %s
# Dotted PyTorch names through nested submodules, submodule lists and std
# layers (MultiheadAttention, LayerNorm, BatchNorm1d buffers); params come
# before buffers, each in declaration order.

module Block(dim: int, heads: int) {
  attn = MultiheadAttention(dim, heads)
  norm = LayerNorm(dim)
  ff = [Linear(dim, dim * 4), Linear(dim * 4, dim, bias = false)]

  def forward(x: f32[B, T, dim]) -> f32[B, T, dim] {
    h = x
    for layer in ff {
      h = layer(h)
    }
    return norm(x + h)
  }
}

module Encoder(dim: int, depth: int) {
  blocks = [Block(dim, 2) for i in 0..depth]
  bn = BatchNorm1d(dim)

  def forward(x: f32[B, T, dim]) -> f32[B, T, dim] {
    for block in blocks {
      x = block(x)
    }
    return x
  }
}

train Encoder(8, 2) {
  batch x: f32[B, T, 8]
  loss = mean(forward(x) ** 2)
  optimizer = sgd(lr = 0.1)
}

# CHECK: dlc.param @blocks.0.attn.in_proj_weight : tensor<24x8xf32> init "glorot_uniform" {fan_in = 8 : i64, fan_out = 24 : i64, init_a = 1.000000e+00 : f64}
# CHECK-NEXT: dlc.param @blocks.0.attn.in_proj_bias : tensor<24xf32> init "zeros"
# CHECK-NEXT: dlc.param @blocks.0.attn.out_proj.weight : tensor<8x8xf32> init "kaiming_uniform"
# CHECK-NEXT: dlc.param @blocks.0.attn.out_proj.bias : tensor<8xf32> init "zeros"
# CHECK-NEXT: dlc.param @blocks.0.norm.weight : tensor<8xf32> init "ones"
# CHECK-NEXT: dlc.param @blocks.0.norm.bias : tensor<8xf32> init "zeros"
# CHECK-NEXT: dlc.param @blocks.0.ff.0.weight : tensor<32x8xf32>
# CHECK-NEXT: dlc.param @blocks.0.ff.0.bias : tensor<32xf32>
# CHECK-NEXT: dlc.param @blocks.0.ff.1.weight : tensor<8x32xf32>
# CHECK-NEXT: dlc.param @blocks.1.attn.in_proj_weight : tensor<24x8xf32>
# CHECK-NOT: dlc.param @blocks.1.ff.1.bias
# CHECK: dlc.param @blocks.1.ff.1.weight : tensor<8x32xf32>
# CHECK-NEXT: dlc.param @bn.weight : tensor<8xf32> init "ones"
# CHECK-NEXT: dlc.param @bn.bias : tensor<8xf32> init "zeros"
# CHECK-NEXT: dlc.buffer @bn.running_mean : tensor<8xf32> init "zeros"
# CHECK-NEXT: dlc.buffer @bn.running_var : tensor<8xf32> init "ones"
# CHECK-NEXT: dlc.buffer @bn.num_batches_tracked : tensor<i64> init "zeros"
# CHECK-LABEL: func.func @forward(%arg0: tensor<?x?x8xf32> {dlc.dims = ["B", "T", 8], dlc.name = "x"}) -> (tensor<?x?x8xf32> {dlc.dims = ["B", "T", 8]})
# CHECK: dlc.load @blocks.0.ff.0.weight
# CHECK: dlc.load @blocks.0.norm.weight
# CHECK: dlc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {eps = 1.000000e-05 : f64} : (tensor<?x?x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x?x8xf32>
# CHECK: dlc.load @blocks.1.ff.1.weight
# CHECK-LABEL: func.func private @train_loss
# CHECK: dlc.pow
# CHECK: dlc.reduce_mean %{{.*}} {axes = array<i64: 0, 1, 2>} : tensor<?x?x8xf32> -> tensor<f32>
