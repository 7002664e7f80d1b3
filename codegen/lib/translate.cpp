// SPDX-License-Identifier: MIT
#include "fastarena/codegen/translate.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/StringMap.h>

#include <llvm/IR/Constants.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Verifier.h>
#include <cstring>

#include "fastarena/ir/loop_ops.h"
#include "fastarena/ir/op_def.h"

namespace fastarena::codegen {
namespace {

using ir::Op;
using ir::Opcode;

// One function's translation: `values` maps each IR value (a scalar, a buffer, an induction
// variable) to its LLVM value.
class FunctionTranslator {
 public:
  FunctionTranslator(llvm::Module& module, llvm::Function& function, const ir::Function& source,
                     llvm::StringMap<llvm::Function*>& nests)
      : module_(module),
        context_(module.getContext()),
        function_(function),
        source_(source),
        b_(context_),
        f64_(llvm::Type::getDoubleTy(context_)),
        i64_(llvm::Type::getInt64Ty(context_)),
        buffer_(llvm::Type::getDoublePtrTy(context_)),
        nests_(&nests) {}

  // False with `error_` set for what the loop level does not have (a call: nothing is left
  // uninlined in what lowers).
  bool run(bool c_main) {
    b_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", &function_));
    // A function of many loop nests is many functions, one per nest: LLVM's loop passes cost
    // more than linearly in the loops of one function (they share its analyses), and a nest
    // alone optimises as well. A few stay together, so that O3 can see through them (a small
    // program folds to its prints).
    std::size_t nests = 0;
    for (const Op* op : source_.body->ops) nests += op->opcode == Opcode::affine_for;
    outline_ = nests > kNestsKeptTogether;
    if (!block(source_.body->ops)) return false;
    if (c_main) {
      b_.CreateRet(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context_), 0));
    } else {
      b_.CreateRetVoid();
    }
    return true;
  }

  const std::optional<ir::Diagnostic>& error() const { return error_; }

 private:
  bool block(std::span<const Op* const> ops) {
    for (const Op* op : ops) {
      if (!this->op(*op)) return false;
    }
    return true;
  }

  bool op(const Op& op) {
    switch (op.opcode) {
      case Opcode::arith_constant:
        values_[&op] = op.type.is_ranked() ? data(op) : llvm::ConstantFP::get(f64_, op.data[0]);
        return true;
      case Opcode::to_memref:
        values_[&op] = values_.lookup(op.operands[0]);
        return true;
      case Opcode::arith_addf:
        values_[&op] = b_.CreateFAdd(value(op, 0), value(op, 1));
        return true;
      case Opcode::arith_subf:
        values_[&op] = b_.CreateFSub(value(op, 0), value(op, 1));
        return true;
      case Opcode::arith_mulf:
        values_[&op] = b_.CreateFMul(value(op, 0), value(op, 1));
        return true;
      case Opcode::memref_alloc: {
        const auto bytes = static_cast<std::uint64_t>(op.type.element_count()) * sizeof(double);
        llvm::Value* memory = b_.CreateCall(malloc_(), {llvm::ConstantInt::get(i64_, bytes)});
        values_[&op] = b_.CreatePointerCast(memory, buffer_);
        return true;
      }
      case Opcode::memref_dealloc:
        b_.CreateCall(free_(), {b_.CreatePointerCast(value(op, 0), b_.getInt8PtrTy())});
        return true;
      case Opcode::affine_for:
        return outline_ ? outlined(op) : loop(op);
      case Opcode::affine_load: {
        const ir::AffineLoadOp load(op);
        values_[&op] =
            b_.CreateLoad(f64_, address(load.memref(), load.indices(), load.index_operands()));
        return true;
      }
      case Opcode::affine_store: {
        const ir::AffineStoreOp store(op);
        b_.CreateStore(values_.lookup(store.value()),
                       address(store.memref(), store.indices(), store.index_operands()));
        return true;
      }
      case Opcode::print:
        print(op.operands[0]);
        return true;
      case Opcode::func_return:
        return true;  // run() ends the function
      default:
        error_ =
            ir::Diagnostic{op.loc, "cannot translate '" + std::string(ir::dialect(op.opcode)) +
                                       "." + std::string(ir::mnemonic(op.opcode)) + "' to LLVM IR"};
        return false;
    }
  }

  llvm::Value* value(const Op& op, std::size_t i) { return values_.lookup(op.operands[i]); }

  // What the code of nest `op` is, its buffers being `buffers` in order: each operation's
  // opcode, type, properties and operands (a buffer by its position in `buffers`, a value of the
  // nest by its own, a scalar constant by its bits).
  static std::string signature(const Op& op, std::span<const Op* const> buffers) {
    std::string key;
    llvm::raw_string_ostream os(key);
    llvm::DenseMap<const Op*, unsigned> local;
    const auto walk = [&](auto&& self, const Op& o) -> void {
      local.try_emplace(&o, static_cast<unsigned>(local.size()));
      os << static_cast<unsigned>(o.opcode) << '(';
      for (const Op* operand : o.operands) {
        if (const auto it = local.find(operand); it != local.end()) {
          os << 'v' << it->second;
        } else if (const auto b = llvm::find(buffers, operand); b != buffers.end()) {
          os << 'b' << (b - buffers.begin());
        } else {
          std::uint64_t bits = 0;
          std::memcpy(&bits, operand->data.data(), sizeof bits);  // a scalar arith.constant
          os << 'c' << bits;
        }
        os << ',';
      }
      os << ')';
      if (o.type.is_memref() || o.type.is_ranked()) {
        for (const std::int64_t extent : o.type.shape()) os << extent << 'x';
      }
      if (o.opcode == Opcode::affine_load || o.opcode == Opcode::affine_store) {
        const auto indices = o.opcode == Opcode::affine_load ? ir::AffineLoadOp(o).indices()
                                                             : ir::AffineStoreOp(o).indices();
        for (const ir::AffineIndex& index : indices) {
          os << '[';
          for (const std::int64_t c : index.coeffs) os << c << ' ';
          os << index.constant << ' ' << index.divisor << ' ' << index.modulus << ']';
        }
      }
      if (o.opcode == Opcode::affine_for) {
        const ir::AffineForOp loop(o);
        os << '{' << loop.lower() << ' ' << loop.upper() << ' ';
        for (const Op* inner : loop.body()) self(self, *inner);
        os << '}';
      }
      os << ';';
    };
    walk(walk, op);
    return os.str();
  }

  // The nest `op` as a function of the buffers it uses (no two of which alias: each is an
  // allocation or a constant of its own), called here.
  bool outlined(const Op& op) {
    llvm::SmallVector<const Op*, 4> buffers;
    const auto collect = [&](auto&& self, std::span<const Op* const> ops) -> void {
      for (const Op* inner : ops) {
        for (const Op* operand : inner->operands) {
          if (operand->type.is_memref() && !llvm::is_contained(buffers, operand)) {
            buffers.push_back(operand);
          }
        }
        if (inner->opcode == Opcode::affine_for) self(self, ir::AffineForOp(*inner).body());
      }
    };
    const Op* const nest[] = {&op};
    collect(collect, nest);
    // Nests that differ only in their buffers (inlining repeats a function's code for each
    // call) are one function: compiled once, called with each one's buffers.
    std::string key = signature(op, buffers);
    if (llvm::Function* same = nests_->lookup(key)) {
      llvm::SmallVector<llvm::Value*, 4> args;
      for (const Op* buffer : buffers) args.push_back(values_.lookup(buffer));
      b_.CreateCall(same, args);
      return true;
    }
    llvm::SmallVector<llvm::Type*, 4> params(buffers.size(), buffer_);
    auto* type = llvm::FunctionType::get(b_.getVoidTy(), params, false);
    llvm::Function* f =
        llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, "nest", module_);
    f->addFnAttr(llvm::Attribute::NoInline);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    (*nests_)[key] = f;
    FunctionTranslator inner(module_, *f, source_, *nests_);
    inner.b_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", f));
    for (std::size_t i = 0; i < buffers.size(); ++i) {
      f->addParamAttr(static_cast<unsigned>(i), llvm::Attribute::NoAlias);
      inner.values_[buffers[i]] = f->getArg(static_cast<unsigned>(i));
    }
    for (const auto& [value, llvm_value] : values_) {  // scalars are constants: shared
      if (llvm::isa<llvm::Constant>(llvm_value) && !value->type.is_memref()) {
        inner.values_.try_emplace(value, llvm_value);
      }
    }
    if (!inner.loop(op)) {
      error_ = inner.error_;
      return false;
    }
    inner.b_.CreateRetVoid();
    llvm::SmallVector<llvm::Value*, 4> args;
    for (const Op* buffer : buffers) args.push_back(values_.lookup(buffer));
    b_.CreateCall(f, args);
    return true;
  }

  // A constant's elements: a private global array, as a buffer.
  llvm::Value* data(const Op& op) {
    const auto count = static_cast<std::size_t>(op.type.element_count());
    std::vector<double> elements(op.data.begin(), op.data.end());
    if (elements.size() != count) elements.assign(count, op.data.empty() ? 0.0 : op.data[0]);
    llvm::Constant* init = llvm::ConstantDataArray::get(context_, elements);
    auto* global = new llvm::GlobalVariable(module_, init->getType(), /*isConstant=*/true,
                                            llvm::GlobalValue::PrivateLinkage, init, "constant");
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(16));
    return b_.CreatePointerCast(global, buffer_);
  }

  // affine.for: the loop is its induction variable.
  bool loop(const Op& op) {
    const ir::AffineForOp bounds(op);
    return counted_loop(bounds.lower(), bounds.upper(), "iv", [&](llvm::Value* iv) {
      values_[&op] = iv;
      return block(bounds.body());
    });
  }

  // for (iv = lower; iv < upper; ++iv) body(iv): bounds are constants, so the loop tests at the
  // bottom, and one that never runs is no code. False if `body` is.
  template <class Body>
  bool counted_loop(std::int64_t lower, std::int64_t upper, const char* name, Body&& body) {
    if (lower >= upper) return true;
    llvm::BasicBlock* before = b_.GetInsertBlock();
    auto* loop = llvm::BasicBlock::Create(context_, "loop", &function_);
    auto* after = llvm::BasicBlock::Create(context_, "after", &function_);
    b_.CreateBr(loop);
    b_.SetInsertPoint(loop);
    llvm::PHINode* iv = b_.CreatePHI(i64_, 2, name);
    iv->addIncoming(i64(lower), before);
    if (!body(iv)) return false;
    llvm::Value* next = b_.CreateAdd(iv, i64(1), "", true, true);
    iv->addIncoming(next, b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpSLT(next, i64(upper)), loop, after);
    b_.SetInsertPoint(after);
    return true;
  }

  llvm::Constant* i64(std::int64_t value) const {
    return llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(value));
  }

  // The address of an element: its indices, each an affine function of the index operands,
  // times the buffer's strides. The indices are in bounds (the loops run over the shapes).
  llvm::Value* address(const Op* memref, std::span<const ir::AffineIndex> indices,
                       std::span<const Op* const> operands) {
    const std::span<const std::int64_t> shape = memref->type.shape();
    llvm::Value* linear = llvm::ConstantInt::get(i64_, 0);
    for (std::size_t d = 0; d < indices.size(); ++d) {
      const ir::AffineIndex& index = indices[d];
      llvm::Value* v = llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(index.constant));
      for (std::size_t i = 0; i < index.coeffs.size() && i < operands.size(); ++i) {
        if (index.coeffs[i] == 0) continue;
        llvm::Value* term = values_.lookup(operands[i]);
        if (index.coeffs[i] != 1) {
          term = b_.CreateMul(
              term, llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(index.coeffs[i])), "",
              true, true);
        }
        v = b_.CreateAdd(v, term, "", true, true);
      }
      // Every value here is non-negative: floor division and modulo are the unsigned ones.
      if (index.divisor != 1)
        v = b_.CreateUDiv(v,
                          llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(index.divisor)));
      if (index.modulus != 0)
        v = b_.CreateURem(v,
                          llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(index.modulus)));
      linear = b_.CreateAdd(
          b_.CreateMul(linear, llvm::ConstantInt::get(i64_, static_cast<std::uint64_t>(shape[d])),
                       "", true, true),
          v, "", true, true);
    }
    return b_.CreateInBoundsGEP(f64_, values_.lookup(memref), linear);
  }

  // The interpreter's (and toyc's) layout: a loop per dimension, each element `printf("%f ")`,
  // a newline after each iteration of every loop but the innermost.
  void print(const Op* memref) {
    const std::span<const std::int64_t> shape = memref->type.shape();
    llvm::Value* base = values_.lookup(memref);
    llvm::Value* format = format_();
    if (shape.empty()) {
      b_.CreateCall(printf_(), {format, b_.CreateLoad(f64_, base)});
      return;
    }
    print_level(shape, 0, i64(0), base, format);
  }
  void print_level(std::span<const std::int64_t> shape, std::size_t d, llvm::Value* outer,
                   llvm::Value* base, llvm::Value* format) {
    counted_loop(0, shape[d], "i", [&](llvm::Value* i) {
      llvm::Value* linear =
          b_.CreateAdd(b_.CreateMul(outer, i64(shape[d]), "", true, true), i, "", true, true);
      if (d + 1 == shape.size()) {
        b_.CreateCall(printf_(),
                      {format, b_.CreateLoad(f64_, b_.CreateInBoundsGEP(f64_, base, linear))});
      } else {
        print_level(shape, d + 1, linear, base, format);
        b_.CreateCall(putchar_(), {llvm::ConstantInt::get(b_.getInt32Ty(), '\n')});
      }
      return true;
    });
  }

  llvm::FunctionCallee malloc_() {
    return module_.getOrInsertFunction("malloc", b_.getInt8PtrTy(), i64_);
  }
  llvm::FunctionCallee free_() {
    return module_.getOrInsertFunction("free", b_.getVoidTy(), b_.getInt8PtrTy());
  }
  llvm::FunctionCallee printf_() {
    auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {b_.getInt8PtrTy()}, /*isVarArg=*/true);
    return module_.getOrInsertFunction("printf", type);
  }
  llvm::FunctionCallee putchar_() {
    return module_.getOrInsertFunction("putchar", b_.getInt32Ty(), b_.getInt32Ty());
  }
  llvm::Value* format_() {
    if (format_global_ == nullptr) {
      format_global_ = b_.CreateGlobalString("%f ", "frmt_spec", 0, &module_);
    }
    return b_.CreateConstInBoundsGEP2_32(format_global_->getValueType(), format_global_, 0, 0);
  }

  llvm::Module& module_;
  llvm::LLVMContext& context_;
  llvm::Function& function_;
  const ir::Function& source_;
  llvm::IRBuilder<> b_;
  llvm::Type* f64_;
  llvm::IntegerType* i64_;
  llvm::PointerType* buffer_;
  llvm::StringMap<llvm::Function*>* nests_;  // outlined so far, by signature()
  static constexpr std::size_t kNestsKeptTogether = 16;
  bool outline_ = false;
  llvm::GlobalVariable* format_global_ = nullptr;
  llvm::DenseMap<const Op*, llvm::Value*> values_;
  std::optional<ir::Diagnostic> error_;
};

}  // namespace

Translation translate(const ir::Module& module, llvm::LLVMContext& context,
                      const TranslateOptions& options) {
  Translation out;
  auto llvm_module = std::make_unique<llvm::Module>("fastarena", context);
  llvm::StringMap<llvm::Function*> nests;
  for (const ir::Function* f : module.functions()) {
    if (!ir::is_loop_level(*f) || !f->params.empty() || f->result) {
      out.error = ir::Diagnostic{f->loc, "cannot translate @" + std::string(f->name) +
                                             " to LLVM IR: lower it to loops first"};
      return out;
    }
    const bool c_main = options.c_main && f->name == "main";
    auto* type = llvm::FunctionType::get(
        c_main ? llvm::Type::getInt32Ty(context) : llvm::Type::getVoidTy(context), false);
    llvm::Function* function = llvm::Function::Create(
        type,
        f->name == "main" ? llvm::GlobalValue::ExternalLinkage : llvm::GlobalValue::InternalLinkage,
        std::string(f->name), *llvm_module);
    FunctionTranslator translator(*llvm_module, *function, *f, nests);
    if (!translator.run(c_main)) {
      out.error = translator.error();
      return out;
    }
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*llvm_module, &os)) {
    out.error = ir::Diagnostic{{}, "invalid LLVM IR: " + os.str()};
    return out;
  }
  out.module = std::move(llvm_module);
  return out;
}

}  // namespace fastarena::codegen
