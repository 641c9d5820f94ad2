# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s
# An error inside a std layer is reported in std.dsl, with a note at the
# user's call site: 3 heads do not divide 10 features.
module M {
  attn = MultiheadAttention(10, 3)
  def forward(x: f32[B, T, 10]) {
    return attn(x)
  }
}

# CHECK: std.dsl:{{[0-9]+}}:{{[0-9]+}}: error: cannot reshape f32[B, T, 10] (10*B*T elements) to [B, T, 3, 3] (9*B*T elements)
# CHECK: {{.*}}error_in_std_layer.dsl:7:12: note: in call to 'MultiheadAttention.forward' from here
# CHECK-NEXT: return attn(x)
# CHECK-NEXT: ^~~~~~~
