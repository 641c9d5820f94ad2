# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Only regular files are imported: /dev/zero never ends, and reading it
# exhausted memory.
import "/dev/zero"

module M {
  def forward(x: f32[N, 4]) {
    return x
  }
}

# CHECK: {{.*}}error_import_device.dsl:4:1: error: cannot read imported file '/dev/zero': not a regular file
# CHECK-NEXT: {{^}}import "/dev/zero"{{$}}
# CHECK-NEXT: {{^}}^~~~~~~~~~~~~~~~~~{{$}}
