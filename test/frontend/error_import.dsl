# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A missing import is located at the import line.
import "does_not_exist.dsl"

module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

# CHECK: {{.*}}error_import.dsl:3:1: error: cannot find imported file 'does_not_exist.dsl' (searched {{.*}})
# CHECK-NEXT: {{^}}import "does_not_exist.dsl"{{$}}
# CHECK-NEXT: {{^}}^~~~~~~~~~~~~~~~~~~~~~~~~~~{{$}}
