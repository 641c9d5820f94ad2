// RUN: dlc-opt %s --split-input-file --verify-diagnostics
// Each verifier message of the dlc dialect.

// expected-error @+1 {{'dlc.param' op 'w' needs a static shape}}
dlc.param @w : tensor<?x3xf32> init "zeros"

// -----

// expected-error @+1 {{'dlc.param' op unknown initialiser 'xavier'}}
dlc.param @w : tensor<3xf32> init "xavier"

// -----

// expected-error @+1 {{'dlc.param' op uniform bounds are reversed: 1.000000e+00 > -1.000000e+00}}
dlc.param @w : tensor<3xf32> init "uniform" {init_a = 1.0 : f64, init_b = -1.0 : f64}

// -----

func.func @missing() -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.load' op 'w' is not a tensor of the model state}}
  %w = dlc.load @w : tensor<3xf32>
  return %w : tensor<3xf32>
}

// -----

dlc.param @w : tensor<3xf32> init "zeros"
func.func @mismatch() -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.load' op type 'tensor<4xf32>' does not match the declared 'tensor<3xf32>'}}
  %w = dlc.load @w : tensor<4xf32>
  return %w : tensor<4xf32>
}

// -----

func.func @broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{shapes [2, 3] and [4] do not broadcast: dimension 1 is 3 against 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %c : tensor<2x3xf32>
}

// -----

func.func @inner(%a: tensor<?x784xf32>, %b: tensor<785x128xf32>) -> tensor<?x128xf32> {
  // expected-error @+2 {{matmul of [?, 784] and [785, 128]: inner dimensions 784 and 785 differ}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.matmul %a, %b : (tensor<?x784xf32>, tensor<785x128xf32>) -> tensor<?x128xf32>
  return %c : tensor<?x128xf32>
}

// -----

func.func @linear(%x: tensor<?x3xf32>, %w: tensor<4x5xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{linear of [?, 3] with weight [4, 5]: input features 3 and weight columns 5 differ}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.linear %x, %w : (tensor<?x3xf32>, tensor<4x5xf32>) -> tensor<?x4xf32>
  return %c : tensor<?x4xf32>
}

// -----

func.func @axis(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'dlc.softmax' op axis 2 is out of range for rank 2}}
  %c = dlc.softmax %x {axis = 2 : i64} : tensor<?x3xf32>
  return %c : tensor<?x3xf32>
}

// -----

func.func @reduce(%x: tensor<?x3xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{axis 1 is repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.reduce_sum %x {axes = array<i64: 1, 1>} : tensor<?x3xf32> -> tensor<?xf32>
  return %c : tensor<?xf32>
}

// -----

func.func @reshape(%x: tensor<4x3xf32>) -> tensor<5x2xf32> {
  // expected-error @+1 {{'dlc.reshape' op cannot reshape [4, 3] (12 elements) to [5, 2]}}
  %c = dlc.reshape %x : tensor<4x3xf32> -> tensor<5x2xf32>
  return %c : tensor<5x2xf32>
}

// -----

func.func @labels(%x: tensor<?x3xf32>, %y: tensor<?x2xi32>) -> tensor<f32> {
  // expected-error @+2 {{expected logits [N, C] and labels [N], got [?, 3] and [?, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.cross_entropy %x, %y : (tensor<?x3xf32>, tensor<?x2xi32>) -> tensor<f32>
  return %c : tensor<f32>
}

// -----

func.func @mse(%x: tensor<?x1xf32>, %y: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+2 {{mse of prediction [?, 1] and target [?]: shapes must be equal}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.mse %x, %y : (tensor<?x1xf32>, tensor<?xf32>) -> tensor<f32>
  return %c : tensor<f32>
}

// -----

func.func @gelu(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.gelu' op approximate must be "none" or "tanh", got "fast"}}
  %c = dlc.gelu %x {approximate = "fast"} : tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

func.func @perm(%x: tensor<3x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{invalid permutation axis 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.transpose %x [0, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
  return %c : tensor<4x3xf32>
}

// -----

func.func @reshape_dynamic(%x: tensor<4x3xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{'dlc.reshape' op cannot reshape [4, 3] (12 elements) to [?, 5]}}
  %c = dlc.reshape %x : tensor<4x3xf32> -> tensor<?x5xf32>
  return %c : tensor<?x5xf32>
}

// -----

// expected-error @+1 {{'dlc.param' op normal standard deviation -1.000000e+00 is negative}}
dlc.param @w : tensor<3xf32> init "normal" {init_a = 0.0 : f64, init_b = -1.0 : f64}

// -----

// expected-error @+1 {{'dlc.buffer' op 'steps' of type 'tensor<i64>' cannot take the random initialiser 'uniform'}}
dlc.buffer @steps : tensor<i64> init "uniform" {init_a = 0.0 : f64, init_b = 1.0 : f64}

// -----

// expected-error @+1 {{'dlc.param' op 'kaiming_uniform' needs a positive fan_in, got 0}}
dlc.param @w : tensor<3x2xf32> init "kaiming_uniform"

// -----

func.func @cast_shape(%x: tensor<3xf32>) -> tensor<?xi32> {
  // expected-error @+1 {{'dlc.cast' op cast cannot change the shape [3] to [?]}}
  %c = dlc.cast %x : tensor<3xf32> -> tensor<?xi32>
  return %c : tensor<?xi32>
}

// -----

func.func @int_div(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'dlc.div' op division of 'i32' is not supported; cast to a float type}}
  %c = dlc.div %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %c : tensor<3xi32>
}

// -----

func.func @int_pow(%a: tensor<3xi64>, %b: tensor<i64>) -> tensor<3xi64> {
  // expected-error @+1 {{'dlc.pow' op power of 'i64' is not supported; cast to a float type}}
  %c = dlc.pow %a, %b : (tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  return %c : tensor<3xi64>
}

// -----

func.func @mixed(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'dlc.matmul' op operand element types differ: 'f32' and 'f64'}}
  %c = dlc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf64>) -> tensor<2x4xf32>
  return %c : tensor<2x4xf32>
}

// -----

func.func @f8(%a: tensor<3xf8E4M3FN>) -> tensor<3xf8E4M3FN> {
  // expected-error @+1 {{'dlc.exp' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %c = dlc.exp %a : tensor<3xf8E4M3FN>
  return %c : tensor<3xf8E4M3FN>
}

// -----

func.func @reshape_zero(%x: tensor<?x4xf32>) -> tensor<0x?xf32> {
  // expected-error @+1 {{'dlc.reshape' op cannot derive a symbolic extent of [0, ?] next to an extent of 0}}
  %r = dlc.reshape %x : tensor<?x4xf32> -> tensor<0x?xf32>
  return %r : tensor<0x?xf32>
}
