# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Tabs are expanded so the caret stays under the operator.
module M {
	param w: f32[5, 3] = zeros()
	def forward(x: f32[N, 4]) {
		return x @ w
	}
}

# CHECK: {{.*}}error_tabs.dsl:6:10: error: matmul of f32[N, 4] and f32[5, 3]: inner dimensions 4 and 5 differ
# CHECK-NEXT: {{^}}                return x @ w{{$}}
# CHECK-NEXT: {{^}}                       ^~~~~{{$}}
