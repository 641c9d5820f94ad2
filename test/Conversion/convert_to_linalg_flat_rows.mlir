// RUN: dlc-opt %s --split-input-file --dlc-convert-to-linalg --canonicalize | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-convert-to-linalg="flatten-convolution-rows=false" --canonicalize | FileCheck %s --check-prefix=PLAIN

// Stride-1 convolutions whose rows (6 wide here) fill no whole 16-lane
// vector run over flattened rows: the input is padded (one more row of
// zeros at the bottom) to [9, 8], its planes flattened to 72; the output is
// computed for all 8 columns of each of its 6 rows (48 flat), reading tap
// (kh, kw) at q + kh * 8 + kw, and its first 6 columns are kept.
// CHECK-DAG: #[[BIAS:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d4, d3 + d5 * 8 + d6)>
// CHECK-DAG: #[[WMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d2, d4, d5, d6)>
// CHECK-DAG: #[[YMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x6x6xf32>, %[[W:.*]]: tensor<8x4x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 1, 1] [%{{.*}}, 4, 6, 6] [1, 1, 1, 1] : tensor<?x4x6x6xf32> into tensor<?x4x9x8xf32>
// CHECK: %[[XG:.*]] = tensor.expand_shape %[[PADDED]]
// CHECK: %[[XFLAT:.*]] = tensor.collapse_shape %[[XG]] {{\[}}[0], [1], [2], [3, 4]] : tensor<?x1x4x9x8xf32> into tensor<?x1x4x72xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], {{.*}}]{{.*}} outs(%{{.*}} : tensor<?x1x8x48xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[YMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[XFLAT]], %{{.*}} : tensor<?x1x4x72xf32>, tensor<1x8x4x3x3xf32>) outs(%[[INIT]] : tensor<?x1x8x48xf32>)
// CHECK: %[[MERGED:.*]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3]] : tensor<?x1x8x48xf32> into tensor<?x8x48xf32>
// CHECK: %[[ROWS:.*]] = tensor.expand_shape %[[MERGED]] {{\[}}[0], [1], [2, 3]] output_shape [%{{.*}}, 8, 6, 8] : tensor<?x8x48xf32> into tensor<?x8x6x8xf32>
// CHECK: %[[Y:.*]] = tensor.extract_slice %[[ROWS]][0, 0, 0, 0] [%{{.*}}, 8, 6, 6] [1, 1, 1, 1] : tensor<?x8x6x8xf32> to tensor<?x8x6x6xf32>
// CHECK: return %[[Y]]
// The GPU pipeline keeps image rows: 2-D windows over the padded input.
// PLAIN-LABEL: func.func @conv2d
// PLAIN-NOT: tensor.collapse_shape {{.*}} [3, 4]]
// PLAIN: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<?x1x4x8x8xf32>, tensor<1x8x4x3x3xf32>) outs(%{{.*}} : tensor<?x1x8x6x6xf32>)
// PLAIN-NOT: tensor.extract_slice
func.func @conv2d(%x: tensor<?x4x6x6xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>) -> tensor<?x8x6x6xf32> {
  %y = dlc.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64} : (tensor<?x4x6x6xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<?x8x6x6xf32>
  return %y : tensor<?x8x6x6xf32>
}

// -----

// The input gradient's grid (dy offset by k - 1 - padding = 1, one more
// row of zeros) is [9, 8]; the flipped kernel correlates with it over flat
// rows as in the forward convolution.
// CHECK-DAG: #[[GMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d4, d3 + d5 * 8 + d6)>
// CHECK-DAG: #[[WMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d2, d5, d6)>
// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK: tensor.insert_slice {{.*}}[0, 0, 1, 1] [%{{.*}}, 8, 6, 6] [1, 1, 1, 1] : tensor<?x8x6x6xf32> into tensor<?x8x9x8xf32>
// CHECK: %[[GFLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] : tensor<?x1x8x9x8xf32> into tensor<?x1x8x72xf32>
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[GMAP]], #[[WMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[GFLAT]], %{{.*}} : tensor<?x1x8x72xf32>, tensor<1x8x4x3x3xf32>) outs(%{{.*}} : tensor<?x1x4x48xf32>)
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [%{{.*}}, 4, 6, 6] [1, 1, 1, 1] : tensor<?x4x6x8xf32> to tensor<?x4x6x6xf32>
// PLAIN-LABEL: func.func @conv2d_input_grad
// PLAIN: linalg.generic {{.*}} outs(%{{.*}} : tensor<?x1x4x6x6xf32>)
func.func @conv2d_input_grad(%dy: tensor<?x8x6x6xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<?x4x6x6xf32> {
  %dx = dlc.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, input_size = array<i64: 6, 6>} : (tensor<?x8x6x6xf32>, tensor<8x4x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %dx : tensor<?x4x6x6xf32>
}

// -----

// The weight gradient pads dy's rows with zeros to the input's row length
// (8), so that the wrapped columns add nothing, and sums over n and the 48
// flat positions: two reduction loops.
// CHECK-DAG: #[[DYMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d5, d0, d1, d6)>
// CHECK-DAG: #[[XMAP:map[0-9]*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d5, d0, d2, d6 + d3 * 8 + d4)>
// CHECK-LABEL: func.func @conv2d_weight_grad
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x6x6xf32>, %[[DY:.*]]: tensor<?x8x6x6xf32>)
// CHECK: tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 1, 1] [%{{.*}}, 4, 6, 6] [1, 1, 1, 1] : tensor<?x4x6x6xf32> into tensor<?x4x9x8xf32>
// CHECK: %[[XFLAT:.*]] = tensor.collapse_shape {{.*}} into tensor<?x1x4x72xf32>
// CHECK: tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 0, 0] [%{{.*}}, 8, 6, 6] [1, 1, 1, 1] : tensor<?x8x6x6xf32> into tensor<?x8x6x8xf32>
// CHECK: %[[DYFLAT:.*]] = tensor.collapse_shape {{.*}} into tensor<?x1x8x48xf32>
// CHECK: linalg.generic {indexing_maps = [#[[DYMAP]], #[[XMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[DYFLAT]], %[[XFLAT]] : tensor<?x1x8x48xf32>, tensor<?x1x4x72xf32>) outs(%{{.*}} : tensor<1x8x4x3x3xf32>)
// PLAIN-LABEL: func.func @conv2d_weight_grad
// PLAIN: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<?x1x8x6x6xf32>, tensor<?x1x4x8x8xf32>)
func.func @conv2d_weight_grad(%x: tensor<?x4x6x6xf32>, %dy: tensor<?x8x6x6xf32>) -> tensor<8x4x3x3xf32> {
  %dw = dlc.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>} : (tensor<?x4x6x6xf32>, tensor<?x8x6x6xf32>) -> tensor<8x4x3x3xf32>
  return %dw : tensor<8x4x3x3xf32>
}
