# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# conv2d is checked by sema but has no dialect op yet.
module M {
  conv = Conv2d(1, 8, 3, padding = 1)
  def forward(x: f32[N, 1, 28, 28]) -> f32[N, 8, 28, 28] {
    return conv(x)
  }
}

# CHECK: {{.*}}error_codegen_unsupported.dsl:6:12: error: 'conv2d' is not supported by code generation yet
# CHECK-NEXT: {{^}}    return conv(x){{$}}
# CHECK-NEXT: {{^}}           ^~~~~~~{{$}}
