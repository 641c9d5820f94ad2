# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A parameter's element count must fit in int64.
# RUN: not dlc %s --emit=mlir --train=bytes 2>&1 | FileCheck %s --strict-whitespace --check-prefix=BYTES
# And so must its size in bytes (2^61 f32 elements are 2^63 bytes).
module Count {
  param w: f32[4294967296, 4294967296] = zeros()
  def forward(x: f32[N, 3]) { return x }
}
module Bytes {
  param w: f32[2305843009213693952] = zeros()
  def forward(x: f32[N, 3]) { return x }
}
train count: Count {
  batch x: f32[N, 3]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}
train bytes: Bytes {
  batch x: f32[N, 3]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_param_size.dsl:6:12: error: parameter 'w' of type f32[4294967296, 4294967296] is too large: its element count overflows int64
# CHECK-NEXT: {{^}}  param w: f32[4294967296, 4294967296] = zeros(){{$}}
# CHECK-NEXT: {{^}}           ^~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
# BYTES: {{.*}}error_param_size.dsl:10:12: error: parameter 'w' of type f32[2305843009213693952] is too large: its size in bytes overflows int64
# BYTES-NEXT: {{^}}  param w: f32[2305843009213693952] = zeros(){{$}}
# BYTES-NEXT: {{^}}           ^~~~~~~~~~~~~~~~~~~~~~~~{{$}}
