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

// -----

// Optimizer state needs a static shape, like every tensor of the state.
// expected-error @+1 {{'dlc.optimizer_state' op 'optimizer.step' needs a static shape, got 'tensor<?xi64>'}}
dlc.optimizer_state @optimizer.step : tensor<?xi64> init "zeros"

// -----

// A store names a declared tensor of the state.
func.func @store_missing(%x: tensor<3xf32>) {
  // expected-error @+1 {{'dlc.store' op 'nothing' is not a tensor of the model state}}
  dlc.store %x, @nothing : tensor<3xf32>
  return
}

// -----

// A function is a symbol but not a tensor of the state.
func.func @bn.mean() {
  return
}
func.func @store_function(%x: tensor<3xf32>) {
  // expected-error @+1 {{'dlc.store' op 'bn.mean' is not a tensor of the model state}}
  dlc.store %x, @bn.mean : tensor<3xf32>
  return
}

// -----

// The stored value has the declared type.
dlc.buffer @bn.mean : tensor<3xf32> init "zeros"
func.func @store_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.store' op type 'tensor<4xf32>' does not match the declared 'tensor<3xf32>'}}
  dlc.store %x, @bn.mean : tensor<4xf32>
  return
}

// -----

// dlc.size reads an existing dimension.
func.func @size_axis(%x: tensor<?x4xf32>) -> tensor<i64> {
  // expected-error @+1 {{'dlc.size' op axis 2 is out of range for rank 2}}
  %n = dlc.size %x {axis = 2 : i64} : tensor<?x4xf32>
  return %n : tensor<i64>
}

// -----

// A negative axis is out of range too.
func.func @size_negative_axis(%x: tensor<?x4xf32>) -> tensor<i64> {
  // expected-error @+1 {{'dlc.size' op axis -1 is out of range for rank 2}}
  %n = dlc.size %x {axis = -1 : i64} : tensor<?x4xf32>
  return %n : tensor<i64>
}

// -----

// `inferred` names a dynamic dimension of the result.
func.func @reshape_inferred_static(%x: tensor<?x8xf32>, %n: tensor<i64>) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'dlc.reshape' op inferred dimension 2 is not a dynamic dimension of [?, ?, 4]}}
  %r = dlc.reshape %x sizes(%n) {inferred = 2 : i64} : tensor<?x8xf32> -> tensor<?x?x4xf32>
  return %r : tensor<?x?x4xf32>
}

// -----

// `inferred` must lie within the result's rank.
func.func @reshape_inferred_range(%x: tensor<?x8xf32>, %n: tensor<i64>) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'dlc.reshape' op inferred dimension 3 is not a dynamic dimension of [?, ?, 4]}}
  %r = dlc.reshape %x sizes(%n) {inferred = 3 : i64} : tensor<?x8xf32> -> tensor<?x?x4xf32>
  return %r : tensor<?x?x4xf32>
}

// -----

// With an inferred dimension, every other dynamic extent takes one size.
func.func @reshape_sizes_inferred(%x: tensor<?x8xf32>, %n: tensor<i64>) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'dlc.reshape' op expected 1 sizes for the dynamic extents of [?, ?, 4], got 2}}
  %r = dlc.reshape %x sizes(%n, %n) {inferred = 1 : i64} : tensor<?x8xf32> -> tensor<?x?x4xf32>
  return %r : tensor<?x?x4xf32>
}

// -----

// Without `inferred`, sizes cover every dynamic extent.
func.func @reshape_sizes(%x: tensor<?x8xf32>, %n: tensor<i64>) -> tensor<?x?x4xf32> {
  // expected-error @+1 {{'dlc.reshape' op expected 2 sizes for the dynamic extents of [?, ?, 4], got 1}}
  %r = dlc.reshape %x sizes(%n) : tensor<?x8xf32> -> tensor<?x?x4xf32>
  return %r : tensor<?x?x4xf32>
}

// -----

// An inferred extent cannot be derived next to a zero extent.
func.func @reshape_inferred_zero(%x: tensor<?x8xf32>, %n: tensor<i64>) -> tensor<?x0x?xf32> {
  // expected-error @+1 {{'dlc.reshape' op cannot derive a symbolic extent of [?, 0, ?] next to an extent of 0}}
  %r = dlc.reshape %x sizes(%n) {inferred = 2 : i64} : tensor<?x8xf32> -> tensor<?x0x?xf32>
  return %r : tensor<?x0x?xf32>
}

// -----

// The predicates are PyTorch's six.
func.func @compare_predicate(%x: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{'dlc.compare' op unknown predicate "gte"; expected lt, le, gt, ge, eq or ne}}
  %m = dlc.compare "gte" %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %m : tensor<3xi1>
}

// -----

// Both sides of a comparison have one element type.
func.func @compare_types(%x: tensor<3xf32>, %y: tensor<3xf64>) -> tensor<3xi1> {
  // expected-error @+1 {{'dlc.compare' op element types differ: 'f32' and 'f64'}}
  %m = dlc.compare "lt" %x, %y : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xi1>
  return %m : tensor<3xi1>
}

// -----

// A comparison broadcasts its operands.
func.func @compare_broadcast(%x: tensor<3xf32>, %y: tensor<4xf32>) -> tensor<3xi1> {
  // expected-error @+2 {{shapes [3] and [4] do not broadcast: dimension 0 is 3 against 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %m = dlc.compare "lt" %x, %y : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xi1>
  return %m : tensor<3xi1>
}

// -----

// The condition of a select broadcasts with the values.
func.func @select_broadcast(%c: tensor<4xi1>, %x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{shapes [4] and [3] do not broadcast: dimension 0 is 4 against 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %m = dlc.select %c, %x, %y : (tensor<4xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %m : tensor<3xf32>
}

// -----

// Broadcasting keeps the element type.
func.func @broadcast_type(%x: tensor<3xf32>) -> tensor<2x3xf64> {
  // expected-error @+1 {{'dlc.broadcast_to' op broadcast cannot change the element type}}
  %b = dlc.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf64>
  return %b : tensor<2x3xf64>
}

// -----

// Broadcasting never drops dimensions.
func.func @broadcast_rank(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.broadcast_to' op cannot broadcast [2, 3] to the lower rank of [3]}}
  %b = dlc.broadcast_to %x : tensor<2x3xf32> -> tensor<3xf32>
  return %b : tensor<3xf32>
}

// -----

// Only an extent of 1 is repeated.
func.func @broadcast_extent(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dlc.broadcast_to' op cannot broadcast [2, 3] to [4, 3]: dimension 0 is 2}}
  %b = dlc.broadcast_to %x : tensor<2x3xf32> -> tensor<4x3xf32>
  return %b : tensor<4x3xf32>
}

// -----

// Each dynamic result extent takes a size.
func.func @broadcast_missing_size(%x: tensor<1x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'dlc.broadcast_to' op expected 1 sizes for the dynamic extents of [?, 3], got 0}}
  %b = dlc.broadcast_to %x : tensor<1x3xf32> -> tensor<?x3xf32>
  return %b : tensor<?x3xf32>
}

// -----

// A static result takes no size.
func.func @broadcast_extra_size(%x: tensor<1x3xf32>, %n: tensor<i64>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'dlc.broadcast_to' op expected 0 sizes for the dynamic extents of [2, 3], got 1}}
  %b = dlc.broadcast_to %x sizes(%n) : tensor<1x3xf32> -> tensor<2x3xf32>
  return %b : tensor<2x3xf32>
}

// -----

// A slice keeps the element type.
func.func @slice_type(%x: tensor<?x4xf32>) -> tensor<?x2xi32> {
  // expected-error @+1 {{'dlc.slice' op element types differ: 'i32' and 'f32'}}
  %s = dlc.slice %x starts [0, 0] strides [1, 1] : tensor<?x4xf32> -> tensor<?x2xi32>
  return %s : tensor<?x2xi32>
}

// -----

// Starts and strides give one value per dimension.
func.func @slice_starts(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'dlc.slice' op expected rank 2 for the box, its starts and its strides, got 2, 1 and 2}}
  %s = dlc.slice %x starts [0] strides [1, 1] : tensor<?x4xf32> -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

// A slice keeps the rank.
func.func @slice_rank(%x: tensor<?x4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'dlc.slice' op expected rank 2 for the box, its starts and its strides, got 1, 2 and 2}}
  %s = dlc.slice %x starts [0, 0] strides [1, 1] : tensor<?x4xf32> -> tensor<2xf32>
  return %s : tensor<2xf32>
}

// -----

// Starts are not negative.
func.func @slice_negative_start(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'dlc.slice' op dimension 1 needs a start >= 0 and a stride > 0, got -1 and 1}}
  %s = dlc.slice %x starts [0, -1] strides [1, 1] : tensor<?x4xf32> -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

// Strides are positive.
func.func @slice_zero_stride(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'dlc.slice' op dimension 1 needs a start >= 0 and a stride > 0, got 0 and 0}}
  %s = dlc.slice %x starts [0, 0] strides [1, 0] : tensor<?x4xf32> -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

// A dynamic box extent runs to the end, so only of a dynamic dimension.
func.func @slice_dynamic_box(%x: tensor<?x4xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'dlc.slice' op dimension 1 of the box is dynamic but the tensor's is 4}}
  %s = dlc.slice %x starts [0, 0] strides [1, 1] : tensor<?x4xf32> -> tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}

// -----

// The last element of a slice lies inside the input: 2 + 1 * 2 = 4 does not.
func.func @slice_overrun(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'dlc.slice' op dimension 1: 2 elements from 2 with stride 2 overrun the extent 4}}
  %s = dlc.slice %x starts [0, 2] strides [1, 2] : tensor<?x4xf32> -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// -----

// The inserted box lies inside the destination.
func.func @insert_slice_overrun(%x: tensor<?x3xf32>, %z: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'dlc.insert_slice' op dimension 1: 3 elements from 2 with stride 1 overrun the extent 4}}
  %s = dlc.insert_slice %x into %z starts [0, 2] strides [1, 1] : tensor<?x3xf32> into tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}

// -----

// insert_slice checks its starts like slice.
func.func @insert_slice_starts(%x: tensor<?x3xf32>, %z: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'dlc.insert_slice' op expected rank 2 for the box, its starts and its strides, got 2, 3 and 2}}
  %s = dlc.insert_slice %x into %z starts [0, 0, 0] strides [1, 1] : tensor<?x3xf32> into tensor<?x4xf32>
  return %s : tensor<?x4xf32>
}

// -----

// Concatenation needs a tensor.
func.func @concat_empty() -> tensor<4xf32> {
  // expected-error @+2 {{concat needs at least one tensor}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.concat {axis = 0 : i64} : () -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// The axis is a dimension of the parts.
func.func @concat_axis(%x: tensor<?x4xf32>) -> tensor<?x8xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.concat %x, %x {axis = 2 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Parts have one rank.
func.func @concat_rank(%x: tensor<?x4xf32>, %y: tensor<4xf32>) -> tensor<?x8xf32> {
  // expected-error @+2 {{concat of 'tensor<?x4xf32>' and 'tensor<4xf32>': element types and ranks must match}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.concat %x, %y {axis = 0 : i64} : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

// Parts agree off the axis.
func.func @concat_extent(%x: tensor<2x4xf32>, %y: tensor<3x4xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{concat of [2, 4] and [3, 4]: dimension 0 differs}}
  // expected-error @+1 {{failed to infer returned types}}
  %c = dlc.concat %x, %y {axis = 1 : i64} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x8xf32>
  return %c : tensor<2x8xf32>
}

// -----

// The weight's input channels times groups are the input's channels.
func.func @conv_channels(%x: tensor<?x4x8x8xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{input channels 4 differ from the weight's 3 x groups 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x3x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Groups split the input channels: 2 x 3 is not 4.
func.func @conv_groups_input(%x: tensor<?x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{input channels 4 differ from the weight's 2 x groups 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 3 : i64} : (tensor<?x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Groups split the output channels too.
func.func @conv_groups_output(%x: tensor<?x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) -> tensor<?x5x6x6xf32> {
  // expected-error @+2 {{output channels 5 are not divisible by groups 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 2 : i64} : (tensor<?x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<?x5x6x6xf32>
  return %y : tensor<?x5x6x6xf32>
}

// -----

// There is at least one group.
func.func @conv_groups_zero(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{groups must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 0 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// The weight is [Cout, Cin/groups, kH, kW].
func.func @conv_weight_rank(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{conv2d's weight must be [Cout, Cin/groups, kH, kW], got [6, 4, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// The input is NCHW.
func.func @conv_input_rank(%x: tensor<?x4x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{conv2d expects an NCHW input of rank 4, got [?, 4, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// The weight's shape, the kernel's extent included, is fixed.
func.func @conv_dynamic_kernel(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x?x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{conv2d needs a weight of fixed shape, got [6, 4, ?, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x?x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// The bias has one value per output channel.
func.func @conv_bias(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{conv2d's bias must be [Cout], got [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<4xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Window attributes hold a height and a width.
func.func @conv_stride_count(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{stride needs 2 values (height, width), got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Strides are positive.
func.func @conv_stride_zero(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{stride 0 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 0, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Padding is not negative.
func.func @conv_padding_negative(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{padding -1 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: -1, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// Dilation is positive.
func.func @conv_dilation_zero(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{dilation 0 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 0>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// A dilated kernel spanning 9 rows does not fit in 8.
func.func @conv_window_fit(%x: tensor<?x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32> {
  // expected-error @+2 {{conv2d of [?, 4, 8, 8]: a window of 3 (dilation 4, padding 0) does not fit in an extent of 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 4, 4>, groups = 1 : i64} : (tensor<?x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<?x6x6x6xf32>
  return %y : tensor<?x6x6x6xf32>
}

// -----

// input_size is a positive [H, W].
func.func @conv_input_grad_size(%dy: tensor<?x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+2 {{conv2d_input_grad needs a gradient of rank 4 and a positive input_size [H, W]}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8>} : (tensor<?x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  return %dx : tensor<?x4x8x8xf32>
}

// -----

// The gradient has the weight's output channels.
func.func @conv_input_grad_channels(%dy: tensor<?x5x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+2 {{output channels 5 differ from the weight's 6}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8, 8>} : (tensor<?x5x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  return %dx : tensor<?x4x8x8xf32>
}

// -----

// The gradient has the extents the window gives over input_size.
func.func @conv_input_grad_window(%dy: tensor<?x6x5x6xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+2 {{a window over [8, 8] gives [6, 6], not [5, 6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 8, 8>} : (tensor<?x6x5x6xf32>, tensor<6x4x3x3xf32>) -> tensor<?x4x8x8xf32>
  return %dx : tensor<?x4x8x8xf32>
}

// -----

// The weight gradient reads NCHW input and gradient.
func.func @conv_weight_grad_rank(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x6x6xf32>) -> tensor<6x4x3x3xf32> {
  // expected-error @+2 {{conv2d_weight_grad needs an input and a gradient of rank 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x6x6xf32>) -> tensor<6x4x3x3xf32>
  return %dw : tensor<6x4x3x3xf32>
}

// -----

// Groups divide both channel counts: 6 is not divisible by 4.
func.func @conv_weight_grad_groups(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x6x6x6xf32>) -> tensor<6x1x3x3xf32> {
  // expected-error @+2 {{conv2d_weight_grad needs static channels divisible by groups}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 4 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x6x6x6xf32>) -> tensor<6x1x3x3xf32>
  return %dw : tensor<6x1x3x3xf32>
}

// -----

// The gradient's extents are those of the window over the input.
func.func @conv_weight_grad_window(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x6x5x6xf32>) -> tensor<6x4x3x3xf32> {
  // expected-error @+2 {{a window over [8, 8] gives [6, 6], not [5, 6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x6x5x6xf32>) -> tensor<6x4x3x3xf32>
  return %dw : tensor<6x4x3x3xf32>
}

// -----

// Pooling pads by at most half the kernel, as PyTorch does.
func.func @max_pool_padding(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  // expected-error @+2 {{padding 2 must be at most half the kernel size 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 2, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// The width's padding is checked as well as the height's.
func.func @avg_pool_padding(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  // expected-error @+2 {{padding 2 must be at most half the kernel size 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.avg_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 2>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// A pooling kernel is two extents.
func.func @max_pool_kernel_count(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  // expected-error @+2 {{kernel needs 2 values (height, width), got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.max_pool2d %x {kernel = array<i64: 2, 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// A pooling kernel is not empty.
func.func @max_pool_kernel_zero(%x: tensor<?x4x8x8xf32>) -> tensor<?x4x4x4xf32> {
  // expected-error @+2 {{kernel 0 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.max_pool2d %x {kernel = array<i64: 0, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8x8xf32> -> tensor<?x4x4x4xf32>
  return %p : tensor<?x4x4x4xf32>
}

// -----

// A 3-wide window does not fit in a width of 2.
func.func @max_pool_window_fit(%x: tensor<?x4x8x2xf32>) -> tensor<?x4x6x1xf32> {
  // expected-error @+2 {{max_pool2d of [?, 4, 8, 2]: a window of 3 (dilation 1, padding 0) does not fit in an extent of 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.max_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<?x4x8x2xf32> -> tensor<?x4x6x1xf32>
  return %p : tensor<?x4x6x1xf32>
}

// -----

// Pooling reads NCHW inputs.
func.func @avg_pool_rank(%x: tensor<?x4x8xf32>) -> tensor<?x4x4xf32> {
  // expected-error @+2 {{avg_pool2d expects an NCHW input of rank 4, got [?, 4, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x8xf32> -> tensor<?x4x4xf32>
  return %p : tensor<?x4x4xf32>
}

// -----

// A pooling gradient reads NCHW tensors.
func.func @max_pool_grad_rank(%x: tensor<?x4x8xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x4x8xf32> {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op needs an input and a gradient of rank 4}}
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x8xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x8xf32>
  return %g : tensor<?x4x8xf32>
}

// -----

// The gradient has the pooled extents.
func.func @max_pool_grad_window(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x4x3x4xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op a window over [8, 8] gives [4, 4], not [3, 4]}}
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x8x8xf32>, tensor<?x4x3x4xf32>) -> tensor<?x4x8x8xf32>
  return %g : tensor<?x4x8x8xf32>
}

// -----

// Pooling keeps the batch and the channels.
func.func @max_pool_grad_channels(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x3x4x4xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op batch and channel extents differ: [?, 4, 8, 8] and [?, 3, 4, 4]}}
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : (tensor<?x4x8x8xf32>, tensor<?x3x4x4xf32>) -> tensor<?x4x8x8xf32>
  return %g : tensor<?x4x8x8xf32>
}

// -----

// A pooling gradient checks its window like the forward op.
func.func @max_pool_grad_padding(%x: tensor<?x4x8x8xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32> {
  // expected-error @+1 {{'dlc.max_pool2d_grad' op padding 3 must be at most half the kernel size 2}}
  %g = dlc.max_pool2d_grad %x, %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 3, 3>} : (tensor<?x4x8x8xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x8x8xf32>
  return %g : tensor<?x4x8x8xf32>
}

// -----

// The mean's gradient needs to know the input's spatial extents.
func.func @avg_pool_grad_dynamic(%dy: tensor<?x4x4x4xf32>) -> tensor<?x4x?x8xf32> {
  // expected-error @+1 {{'dlc.avg_pool2d_grad' op needs static spatial extents, got [?, 4, ?, 8]}}
  %g = dlc.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x4x4xf32> -> tensor<?x4x?x8xf32>
  return %g : tensor<?x4x?x8xf32>
}

// -----

// A 10-row result would pool to 5 rows, not the gradient's 4.
func.func @avg_pool_grad_window(%dy: tensor<?x4x4x4xf32>) -> tensor<?x4x10x8xf32> {
  // expected-error @+1 {{'dlc.avg_pool2d_grad' op a window over [10, 8] gives [5, 4], not [4, 4]}}
  %g = dlc.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x4x4x4xf32> -> tensor<?x4x10x8xf32>
  return %g : tensor<?x4x10x8xf32>
}

// -----

// An embedding table is a matrix.
func.func @embedding_table(%ids: tensor<?xi64>, %t: tensor<30xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{embedding table must be [n, d], got [30]}}
  // expected-error @+1 {{failed to infer returned types}}
  %e = dlc.embedding %ids, %t : (tensor<?xi64>, tensor<30xf32>) -> tensor<?xf32>
  return %e : tensor<?xf32>
}

// -----

// The gradient of an embedding is [..ids.., d].
func.func @embedding_grad_shape(%ids: tensor<?x4xi64>, %g: tensor<?x8xf32>) -> tensor<30x8xf32> {
  // expected-error @+2 {{embedding_grad of ids [?, 4] and gradient [?, 8] for a table of 30 rows}}
  // expected-error @+1 {{failed to infer returned types}}
  %e = dlc.embedding_grad %ids, %g {num_embeddings = 30 : i64} : (tensor<?x4xi64>, tensor<?x8xf32>) -> tensor<30x8xf32>
  return %e : tensor<30x8xf32>
}

// -----

// The table has rows.
func.func @embedding_grad_rows(%ids: tensor<?xi64>, %g: tensor<?x8xf32>) -> tensor<0x8xf32> {
  // expected-error @+2 {{embedding_grad of ids [?] and gradient [?, 8] for a table of 0 rows}}
  // expected-error @+1 {{failed to infer returned types}}
  %e = dlc.embedding_grad %ids, %g {num_embeddings = 0 : i64} : (tensor<?xi64>, tensor<?x8xf32>) -> tensor<0x8xf32>
  return %e : tensor<0x8xf32>
}

// -----

// One-hot vectors have at least one class.
func.func @one_hot_classes(%y: tensor<?xi32>) -> tensor<?x0xi64> {
  // expected-error @+2 {{one_hot needs a positive number of classes}}
  // expected-error @+1 {{failed to infer returned types}}
  %o = dlc.one_hot %y {classes = 0 : i64} : tensor<?xi32> -> tensor<?x0xi64>
  return %o : tensor<?x0xi64>
}

// -----

// Dropout of every element has no scale.
func.func @dropout_one(%x: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.dropout' op probability must be in [0, 1), got 1.000000e+00}}
  %d = dlc.dropout %x, %s {p = 1.0 : f64, stream = 0 : i64} : tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// A probability is not negative.
func.func @dropout_negative(%x: tensor<4xf32>, %s: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.dropout' op probability must be in [0, 1), got -5.000000e-01}}
  %d = dlc.dropout %x, %s {p = -0.5 : f64, stream = 0 : i64} : tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// A causal mask is square.
func.func @causal_mask_square() -> tensor<4x5xf32> {
  // expected-error @+1 {{'dlc.causal_mask' op result must be square [T, T], got [4, 5]}}
  %m = dlc.causal_mask : tensor<4x5xf32>
  return %m : tensor<4x5xf32>
}

// -----

// Both extents of a mask are dynamic or neither.
func.func @causal_mask_mixed(%t: tensor<i64>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'dlc.causal_mask' op result must be square [T, T], got [?, 4]}}
  %m = dlc.causal_mask %t : tensor<?x4xf32>
  return %m : tensor<?x4xf32>
}

// -----

// A mask is a matrix.
func.func @causal_mask_rank() -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.causal_mask' op result must be square [T, T], got [4]}}
  %m = dlc.causal_mask : tensor<4xf32>
  return %m : tensor<4xf32>
}

// -----

// A dynamic T comes from the size operand.
func.func @causal_mask_missing_size() -> tensor<?x?xf32> {
  // expected-error @+1 {{'dlc.causal_mask' op a dynamic mask needs a size operand}}
  %m = dlc.causal_mask : tensor<?x?xf32>
  return %m : tensor<?x?xf32>
}

// -----

// A static T takes no size operand.
func.func @causal_mask_extra_size(%t: tensor<i64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.causal_mask' op a static mask takes no size operand}}
  %m = dlc.causal_mask %t : tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// -----

// The schedules are constant, step and cosine.
func.func @lr_schedule(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op unknown schedule "linear"; expected constant, step or cosine}}
  %lr = dlc.learning_rate %s {schedule = "linear", lr = 0.1 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// A learning rate is not negative.
func.func @lr_negative(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op learning rate must be finite and >= 0, got -1.000000e-01}}
  %lr = dlc.learning_rate %s {lr = -0.1 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// A learning rate is finite.
func.func @lr_infinite(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op learning rate must be finite and >= 0, got INF}}
  %lr = dlc.learning_rate %s {lr = 0x7FF0000000000000 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// The step schedule decays every step_size steps, so step_size is positive.
func.func @lr_step_size(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op the step schedule needs step_size > 0, got 0}}
  %lr = dlc.learning_rate %s {schedule = "step", lr = 0.1 : f64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// The cosine runs over the steps after the warm-up, so there must be some.
func.func @lr_cosine_total(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op the cosine schedule needs total_steps (10) greater than warmup (10)}}
  %lr = dlc.learning_rate %s {schedule = "cosine", lr = 0.1 : f64, warmup = 10 : i64, total_steps = 10 : i64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

// Negative I64 attributes are negative (ODS gives them as uint64_t).
func.func @warmup_negative(%s: tensor<i64>) -> tensor<f64> {
  // expected-error @+1 {{'dlc.learning_rate' op warmup must be >= 0, got -1}}
  %lr = dlc.learning_rate %s {lr = 1.000000e-01 : f64, warmup = -1 : i64} : tensor<f64>
  return %lr : tensor<f64>
}

// -----

func.func @one_hot_negative(%y: tensor<?xi32>) -> tensor<?x3xi64> {
  // expected-error @+2 {{one_hot needs a positive number of classes, got -3}}
  // expected-error @+1 {{failed to infer returned types}}
  %o = dlc.one_hot %y {classes = -3 : i64} : tensor<?xi32> -> tensor<?x3xi64>
  return %o : tensor<?x3xi64>
}

// -----

func.func @select_types(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf64>) -> tensor<3xf32> {
  // expected-error @+2 {{select of element types that differ: 'f32' and 'f64'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = dlc.select %c, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @conv_dynamic_spatial(%x: tensor<?x1x?x?xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<?x2x?x?xf32> {
  // expected-error @+2 {{conv2d needs fixed channels, height and width, got [?, 1, ?, ?]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x1x?x?xf32>, tensor<2x1x3x3xf32>) -> tensor<?x2x?x?xf32>
  return %y : tensor<?x2x?x?xf32>
}

// -----

func.func @conv_types(%x: tensor<?x1x5x5xf32>, %w: tensor<2x1x3x3xf64>) -> tensor<?x2x3x3xf32> {
  // expected-error @+2 {{conv2d of element types that differ}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = dlc.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x1x5x5xf32>, tensor<2x1x3x3xf64>) -> tensor<?x2x3x3xf32>
  return %y : tensor<?x2x3x3xf32>
}

// -----

func.func @pool_dynamic(%x: tensor<?x3x?x8xf32>) -> tensor<?x3x?x4xf32> {
  // expected-error @+2 {{max_pool2d needs fixed channels, height and width, got [?, 3, ?, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %p = dlc.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x3x?x8xf32> -> tensor<?x3x?x4xf32>
  return %p : tensor<?x3x?x4xf32>
}

// -----

func.func @avg_pool_grad_types(%dy: tensor<?x3x4x4xf32>) -> tensor<?x3x8x8xf64> {
  // expected-error @+1 {{'dlc.avg_pool2d_grad' op element types differ: 'f64' and 'f32'}}
  %dx = dlc.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>} : tensor<?x3x4x4xf32> -> tensor<?x3x8x8xf64>
  return %dx : tensor<?x3x8x8xf64>
}

// -----

func.func @gelu_grad_form(%x: tensor<4xf32>, %dy: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.gelu_grad' op approximate must be "none" or "tanh", got "fast"}}
  %dx = dlc.gelu_grad %x, %dy {approximate = "fast"} : tensor<4xf32>
  return %dx : tensor<4xf32>
}

// -----

func.func @cross_entropy_grad_shapes(%l: tensor<?x3xf32>, %y: tensor<?x3xi32>, %g: tensor<f32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'dlc.cross_entropy_grad' op expected logits [N, C] and labels [N], got [?, 3] and [?, 3]}}
  %d = dlc.cross_entropy_grad %l, %y, %g : (tensor<?x3xf32>, tensor<?x3xi32>, tensor<f32>) -> tensor<?x3xf32>
  return %d : tensor<?x3xf32>
}

// -----

func.func @cross_entropy_grad_scalar(%l: tensor<?x3xf32>, %y: tensor<?xi32>, %g: tensor<4xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'dlc.cross_entropy_grad' op the gradient must be a scalar of the logits' element type, got 'tensor<4xf32>'}}
  %d = dlc.cross_entropy_grad %l, %y, %g : (tensor<?x3xf32>, tensor<?xi32>, tensor<4xf32>) -> tensor<?x3xf32>
  return %d : tensor<?x3xf32>
}

// -----

func.func @layer_norm_weight(%x: tensor<?x8xf32>, %w: tensor<4xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'dlc.layer_norm' op weight [4] must match the trailing dimensions of [?, 8]}}
  %y = dlc.layer_norm %x, %w {eps = 1.000000e-05 : f64} : (tensor<?x8xf32>, tensor<4xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @layer_norm_eps(%x: tensor<?x8xf32>, %w: tensor<8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'dlc.layer_norm' op eps must be finite and positive, got 0}}
  %y = dlc.layer_norm %x, %w {eps = 0.000000e+00 : f64} : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<?x4x2x2xf32>, %m: tensor<3xf32>, %v: tensor<4xf32>) -> tensor<?x4x2x2xf32> {
  // expected-error @+1 {{'dlc.batch_norm' op statistics, weight and bias must be [4], got [3]}}
  %y = dlc.batch_norm %x, %m, %v {eps = 1.000000e-05 : f64} : (tensor<?x4x2x2xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<?x4x2x2xf32>
  return %y : tensor<?x4x2x2xf32>
}

// -----

func.func @bce_shapes(%z: tensor<?x1xf32>, %y: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+2 {{bce_with_logits of logits [?, 1] and target [?]: shapes must be equal}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = dlc.bce_with_logits %z, %y : (tensor<?x1xf32>, tensor<?xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @kernel_missing(%a: tensor<4x4xf32>, %e: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.kernel_call' op 'dlc_gemm_9' is not a declared external function}}
  %c = dlc.kernel_call @dlc_gemm_9 ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}

// -----

func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func @kernel_arity(%a: tensor<4x4xf32>, %e: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.kernel_call' op 'dlc_gemm_0' takes 2 buffers, not 3}}
  %c = dlc.kernel_call @dlc_gemm_0 ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}

// -----

func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func @kernel_types(%a: tensor<4x4xf32>, %e: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.kernel_call' op operand type 'tensor<4x4xf32>' does not match the kernel's 'memref<?xf32, strided<[?], offset: ?>>'}}
  %c = dlc.kernel_call @dlc_gemm_0 ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}

// -----

func.func private @dlc_gemm_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func @kernel_results(%a: tensor<4x4xf32>, %e: tensor<4x4xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'dlc.kernel_call' op result type 'tensor<4x8xf32>' differs from its output's 'tensor<4x4xf32>'}}
  %c = dlc.kernel_call @dlc_gemm_0 ins(%a, %a : tensor<4x4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

func.func @fusion_kind(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlc.fusion_group' op kind 'loops' is not one of contraction, rows, optimizer, elementwise}}
  %r = dlc.fusion_group "loops" {
    dlc.yield %x : tensor<4xf32>
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @fusion_row_dims(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.fusion_group' op row_dims is given exactly for a rows group}}
  %r = dlc.fusion_group "rows" {
    dlc.yield %x : tensor<4x4xf32>
  } -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @fusion_row_dims_positive(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'dlc.fusion_group' op row_dims 0 is not positive}}
  %r = dlc.fusion_group "rows" attributes {row_dims = 0 : i64} {
    dlc.yield %x : tensor<4x4xf32>
  } -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}

// -----

func.func @fusion_yield(%x: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'dlc.fusion_group' op yields 'tensor<4xf32>' but has results 'tensor<8xf32>'}}
  %r = dlc.fusion_group "elementwise" {
    dlc.yield %x : tensor<4xf32>
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

func.func @yield_outside(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.yield' op expects parent op 'dlc.fusion_group'}}
  dlc.yield %x : tensor<4xf32>
}
