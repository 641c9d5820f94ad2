# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Parameter shapes are static.
module M {
  param w: f32[N, 4] = zeros()
  def forward(x: f32[N, 4]) {
    return x
  }
}

# CHECK: {{.*}}error_param_shape.dsl:4:16: error: unknown dimension 'N'; a shape here must use module arguments and literals
# CHECK-NEXT: {{^}}  param w: f32[N, 4] = zeros(){{$}}
# CHECK-NEXT: {{^}}               ^{{$}}
