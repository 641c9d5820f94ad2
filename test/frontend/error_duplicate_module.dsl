# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Modules are defined once.
module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

# CHECK: {{.*}}error_duplicate_module.dsl:9:8: error: duplicate definition of module 'M'
# CHECK-NEXT: {{^}}module M {{{$}}
# CHECK-NEXT: {{^}}       ^{{$}}
# CHECK: {{.*}}error_duplicate_module.dsl:3:8: note: previous definition is here
