# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# conv2d checks channels against the weight.
module M {
  conv = Conv2d(3, 8, 3)
  def forward(x: f32[N, 1, 28, 28]) {
    return conv(x)
  }
}

# CHECK: {{.*}}error_conv_channels.dsl:6:17: error: argument 'x' of 'Conv2d.forward' expects f32[N, 3, 28, 28], got f32[N, 1, 28, 28]
# CHECK-NEXT: {{^}}    return conv(x){{$}}
# CHECK-NEXT: {{^}}                ^{{$}}
# CHECK: {{.*}}error_conv_channels.dsl:6:12: note: in call to 'Conv2d.forward' from here
