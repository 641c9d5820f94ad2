//===- ShapeLowering.cpp - dlc shape ops to tensor and linalg ops ---------===//
//
// Sizes, comparisons and selection, broadcasting, slices, concatenation and
// reshapes. Slices and concatenation become tensor.extract_slice and
// tensor.insert_slice, which bufferize to views and in-place copies.
//
//===----------------------------------------------------------------------===//
#include "compiler/Conversion/DlcToLinalg/LoweringUtils.h"
#include "dialects/Dlc/DlcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc;

namespace {

struct SizeLowering : OpConversionPattern<SizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value extent = rewriter.create<arith::IndexCastOp>(
        op.getLoc(), rewriter.getI64Type(),
        tb.dim(adaptor.getInput(), static_cast<int64_t>(op.getAxis())));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(
        op, op.getResult().getType(), ValueRange{extent});
    return success();
  }
};

/// The scalar comparison of `predicate`: ordered for floats (NaN compares
/// false except under `ne`), signed for integers, unsigned for booleans.
Value compareScalar(OpBuilder &b, Location loc, StringRef predicate, Value x,
                    Value y) {
  if (isa<FloatType>(x.getType())) {
    auto p = llvm::StringSwitch<arith::CmpFPredicate>(predicate)
                 .Case("lt", arith::CmpFPredicate::OLT)
                 .Case("le", arith::CmpFPredicate::OLE)
                 .Case("gt", arith::CmpFPredicate::OGT)
                 .Case("ge", arith::CmpFPredicate::OGE)
                 .Case("eq", arith::CmpFPredicate::OEQ)
                 .Default(arith::CmpFPredicate::UNE);
    return b.create<arith::CmpFOp>(loc, p, x, y);
  }
  bool unsignedCompare = x.getType().isInteger(1);
  auto p = llvm::StringSwitch<arith::CmpIPredicate>(predicate)
               .Case("lt", unsignedCompare ? arith::CmpIPredicate::ult
                                           : arith::CmpIPredicate::slt)
               .Case("le", unsignedCompare ? arith::CmpIPredicate::ule
                                           : arith::CmpIPredicate::sle)
               .Case("gt", unsignedCompare ? arith::CmpIPredicate::ugt
                                           : arith::CmpIPredicate::sgt)
               .Case("ge", unsignedCompare ? arith::CmpIPredicate::uge
                                           : arith::CmpIPredicate::sge)
               .Case("eq", arith::CmpIPredicate::eq)
               .Default(arith::CmpIPredicate::ne);
  return b.create<arith::CmpIOp>(loc, p, x, y);
}

struct CompareLowering : OpConversionPattern<CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    StringRef predicate = op.getPredicate();
    Value result = tb.elementwise(
        tensorTypeOf(op.getResult()), {adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return compareScalar(b, loc, predicate, args[0], args[1]);
        });
    return finish(rewriter, op, tb, result);
  }
};

struct SelectLowering : OpConversionPattern<SelectOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SelectOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value result = tb.elementwise(
        tensorTypeOf(op.getResult()),
        {adaptor.getCondition(), adaptor.getTrueValue(),
         adaptor.getFalseValue()},
        [](OpBuilder &b, Location loc, ValueRange args) {
          return b.create<arith::SelectOp>(loc, args[0], args[1], args[2]);
        });
    return finish(rewriter, op, tb, result);
  }
};

struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    SmallVector<Value> sizes;
    for (Value size : adaptor.getSizes())
      sizes.push_back(tb.extentOf(size));
    Value init = tb.emptyWithSizes(tensorTypeOf(op.getResult()), sizes);
    Value result = tb.elementwiseInto(
        init, {adaptor.getInput()},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    return finish(rewriter, op, tb, result);
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Location loc = op.getLoc();
    auto resultType = tensorTypeOf(op.getResult());
    Value input = adaptor.getInput();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (int64_t i = 0; i < resultType.getRank(); ++i) {
      int64_t start = op.getStarts()[i], stride = op.getStrides()[i];
      offsets.push_back(rewriter.getIndexAttr(start));
      strides.push_back(rewriter.getIndexAttr(stride));
      if (!resultType.isDynamicDim(i)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(i)));
        continue;
      }
      // To the end: ceil((extent - start) / stride), and none if the start
      // is past the end.
      Value remaining = rewriter.create<arith::SubIOp>(loc, tb.dim(input, i),
                                                       tb.index(start));
      remaining = rewriter.create<arith::MaxSIOp>(loc, remaining, tb.index(0));
      sizes.push_back(
          rewriter.create<arith::CeilDivUIOp>(loc, remaining, tb.index(stride))
              .getResult());
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, input, offsets, sizes, strides);
    return success();
  }
};

struct InsertSliceLowering : OpConversionPattern<InsertSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InsertSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Value source = adaptor.getSource();
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, source, adaptor.getDest(), tb.indices(op.getStarts()),
        tb.sizesOf(source), tb.indices(op.getStrides()));
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Location loc = op.getLoc();
    auto resultType = tensorTypeOf(op.getResult());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    ValueRange inputs = adaptor.getInputs();
    // Each part's extent along the axis, and the whole.
    SmallVector<Value> extents;
    Value total = tb.index(0);
    for (Value input : inputs) {
      extents.push_back(tb.dim(input, axis));
      total = rewriter.create<arith::AddIOp>(loc, total, extents.back());
    }
    SmallVector<Value> sizes;
    for (int64_t i = 0; i < resultType.getRank(); ++i)
      if (resultType.isDynamicDim(i))
        sizes.push_back(i == axis ? total : tb.dim(inputs.front(), i));
    Value result = tb.emptyWithSizes(resultType, sizes);
    Value offset = tb.index(0);
    SmallVector<int64_t> ones(resultType.getRank(), 1);
    for (auto [input, extent] : llvm::zip(inputs, extents)) {
      SmallVector<OpFoldResult> offsets(resultType.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      result = rewriter.create<tensor::InsertSliceOp>(
          loc, input, result, offsets, tb.sizesOf(input), tb.indices(ones));
      offset = rewriter.create<arith::AddIOp>(loc, offset, extent);
    }
    return finish(rewriter, op, tb, result);
  }
};

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    TensorBuilder tb(rewriter, op.getLoc());
    Location loc = op.getLoc();
    auto resultType = tensorTypeOf(op.getResult());
    auto inputType = tensorTypeOf(op.getInput());
    int64_t inferred = op.getInferredDim();
    // Every extent but the inferred one, which is the element count divided
    // by their product (the verifier rules out a zero divisor).
    SmallVector<Value> extents(resultType.getRank());
    Value known = tb.index(1);
    auto sizes = adaptor.getSizes().begin();
    for (int64_t i = 0; i < resultType.getRank(); ++i) {
      if (i == inferred)
        continue;
      extents[i] = resultType.isDynamicDim(i)
                       ? tb.extentOf(*sizes++)
                       : tb.index(resultType.getDimSize(i));
      known = rewriter.create<arith::MulIOp>(loc, known, extents[i]);
    }
    if (inferred >= 0) {
      Value total = tb.index(1);
      for (int64_t i = 0; i < inputType.getRank(); ++i)
        total = rewriter.create<arith::MulIOp>(loc, total,
                                               tb.dim(adaptor.getInput(), i));
      extents[inferred] = rewriter.create<arith::DivUIOp>(loc, total, known);
    }
    SmallVector<Value> shape;
    for (Value extent : extents)
      shape.push_back(rewriter.create<arith::IndexCastOp>(
          loc, rewriter.getI64Type(), extent));
    Value shapeTensor = rewriter.create<tensor::FromElementsOp>(loc, shape);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(
        op, resultType, adaptor.getInput(), shapeTensor);
    return success();
  }
};

} // namespace

void dlc::populateShapeLoweringPatterns(RewritePatternSet &patterns) {
  patterns
      .add<SizeLowering, CompareLowering, SelectLowering, BroadcastToLowering,
           SliceLowering, InsertSliceLowering, ConcatLowering, ReshapeLowering>(
          patterns.getContext());
}
