# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# param declarations belong to module bodies.
module M {
  def forward(x: f32[N, 4]) {
    param w: f32[4] = zeros()
    return x
  }
}

# CHECK: {{.*}}error_parse_param_in_def.dsl:5:5: error: 'param' declarations are only allowed in a module body
# CHECK-NEXT: {{^}}    param w: f32[4] = zeros(){{$}}
# CHECK-NEXT: {{^}}    ^~~~~{{$}}
