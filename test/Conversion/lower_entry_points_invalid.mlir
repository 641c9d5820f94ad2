// RUN: dlc-opt %s --split-input-file --verify-diagnostics --dlc-lower-entry-points
// What cannot cross the model ABI is refused with a message, not a crash.

// expected-error @+1 {{entry point 'helper' takes a 'f32' as argument 0; only ranked tensors cross the model ABI}}
func.func @helper(%a: f32) -> tensor<2xf32> {
  %t = tensor.empty() : tensor<2xf32>
  return %t : tensor<2xf32>
}

// -----

// expected-error @+1 {{entry point 'unranked' takes a 'tensor<*xf32>' as argument 0}}
func.func @unranked(%a: tensor<*xf32>) -> tensor<2xf32> {
  %t = tensor.empty() : tensor<2xf32>
  return %t : tensor<2xf32>
}

// -----

func.func @twice(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @forward(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{call to the entry point 'twice'; make the callee private or inline it}}
  %y = func.call @twice(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

dlc.param @w : tensor<2xf32> init "zeros"
func.func private @helper() -> tensor<2xf32> {
  // expected-error @+1 {{'w' is read in 'helper', which is not an entry point; inline the helper that accesses it}}
  %w = dlc.load @w : tensor<2xf32>
  return %w : tensor<2xf32>
}
func.func @forward() -> tensor<2xf32> {
  %w = func.call @helper() : () -> tensor<2xf32>
  return %w : tensor<2xf32>
}
