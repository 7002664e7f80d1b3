// SPDX-License-Identifier: MIT
/// \file
/// What an operation's textual form is written with: each opcode prints and parses the part of
/// its line after its name (OpDef::print, OpDef::parse), through these two, as MLIR's custom
/// assembly formats do through OpAsmPrinter and OpAsmParser. The text is MLIR's Toy dialect:
///
/// \code
///   %2 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64>
///   %3 = toy.mul %2, %2 : tensor<*xf64>
///   %4 = toy.generic_call @f(%3) : (tensor<*xf64>) -> tensor<*xf64>
/// \endcode
#pragma once

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringSet.h>
#include <llvm/Support/Allocator.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/StringSaver.h>
#include <llvm/Support/raw_ostream.h>

#include <span>
#include <string>
#include <string_view>

#include "fastarena/diagnostics.h"
#include "fastarena/ir/context.h"
#include "fastarena/ir/loop_ops.h"
#include "fastarena/ir/module.h"
#include "fastarena/ir/op.h"
#include "fastarena/line_table.h"

namespace fastarena::ir {

/// Writes operations' text: values by their names, types, dense elements as MLIR prints them.
///
/// Values are named as MLIR's printer names them: a function's parameters and each loop's
/// induction variable %arg0, %arg1, ... in order; a result its opcode names (OpDef::result_name)
/// %cst, %cst_0, ... (a counter shared by every such name); any other result %0, %1, ... A region
/// (a loop's body) continues the numbering of the code around it, and sibling regions reuse the
/// same numbers and names.
class OpAsmPrinter {
 public:
  /// Prints to `os`; with `context`, every operation's location as well (--mlir-print-debuginfo).
  explicit OpAsmPrinter(llvm::raw_ostream& os, const Context* context = nullptr) noexcept
      : os_(os), locations_(context) {}

  /// The stream.
  llvm::raw_ostream& os() const noexcept { return os_; }
  /// Starts a function: names its parameters and every value of its body.
  void start_function(const Function& function);
  /// Starts a function that has only parameters so far: %arg0, %arg1, ...; results defined
  /// afterwards (define()) count from %0.
  void start_function(std::span<const Op* const> params);
  /// Gives `op`'s result the next number, unless it has a name already.
  void define(const Op& op);

  /// %N, %argN, %cst_N, or %? for a value not defined before (the verifier rejects such IR).
  void value(const Op* v);
  /// Values, comma separated.
  void values(std::span<const Op* const> vs);
  /// tensor<2x3xf64>, tensor<*xf64>, !toy.struct<...>, memref<2x3xf64>, f64, index.
  void type(Type t);
  /// (T1, T2) -> R; "-> ()" when `result` is null.
  void functional_type(std::span<const Op* const> inputs, Type result);
  /// dense<...> of a tensor of `type` holding `data`: nested brackets by dimension, or one
  /// element when all are equal (a splat), each as MLIR prints a double.
  void dense(Type type, std::span<const double> data);
  /// [i, j]: an access's indices, functions of `operands` (MLIR's affine map, its dimensions
  /// written as the operands: `%arg1`, `0`, `(%arg0 * 3 + %arg1) floordiv 2`).
  void access(std::span<const AffineIndex> indices, std::span<const Op* const> operands);
  /// ` {`, each operation of `ops` on its own line one level deeper, `}`.
  void region(std::span<const Op* const> ops);
  /// One operation's line: indentation, the operation, its location if asked, a newline.
  void line(const Op& op);
  /// ` loc(...)` if locations are printed.
  void location(Location loc);
  /// Operations' lines start `levels` levels in (two spaces each; 1 by default).
  void indent(unsigned levels) {
    indent_ = levels;
    indentation_.assign(2 * levels, ' ');
  }

 private:
  void name(const Op* v, llvm::StringRef base, std::size_t scope);
  void value(const Op* v, llvm::raw_ostream& os) const;

  llvm::raw_ostream& os_;
  const Context* locations_;
  unsigned indent_ = 1;
  std::string indentation_ = "  ";  // indent_ levels of two spaces
  // The names of one function's values: numbers, or (params, induction variables, results
  // with a result_name) words.
  llvm::DenseMap<const Op*, unsigned> numbers_;  // %N
  llvm::DenseMap<const Op*, unsigned> args_;     // %argN
  llvm::DenseMap<const Op*, llvm::StringRef> names_;
  unsigned next_number_ = 0;
  unsigned next_arg_ = 0;
  unsigned next_conflict_ = 0;
  // The words in use, by region: each sees its own and its enclosing regions' (MLIR's scoped
  // table of used names).
  struct Scope {
    llvm::StringSet<> words;
    std::size_t parent;
  };
  llvm::SmallVector<Scope, 4> scopes_;
  llvm::BumpPtrAllocator name_memory_;
  llvm::StringSaver saver_{name_memory_};
};

/// A double as MLIR prints one: "1.500000e+00" when six digits read back to it, else the
/// shortest exact decimal, else (infinities, NaNs, whole numbers too long for that) the bits in
/// hexadecimal, 0x7FF0000000000000.
void print_mlir_double(double value, llvm::raw_ostream& os);

/// What an operation's parse hook fills in: its operands and attributes (the parser locates,
/// builds and names the operation).
struct ParsedOp {
  llvm::SmallVector<const Op*, 4> operands;  ///< in order
  llvm::SmallVector<double, 16> data;        ///< a constant's elements (attrs.data points here)
  Attributes attrs;                          ///< type, index, callee, layout
  /// An access's indices (affine.load, affine.store); their coefficients are `coeffs[first,
  /// first + count)` of each (the parser freezes them into AccessProperties).
  struct Index {
    AffineIndex index;      ///< its coeffs not set yet
    std::size_t first = 0;  ///< where its coefficients start in `coeffs`
    std::size_t count = 0;  ///< how many there are
  };
  bool access = false;                        ///< whether it is an access
  llvm::SmallVector<Index, 4> indices;        ///< one per dimension
  llvm::SmallVector<std::int64_t, 8> coeffs;  ///< of all indices, one after another
  /// A loop's bounds (affine.for): the parser then names the loop and reads its body.
  ForProperties loop;
};

/// Reads operations' text: the characters of one buffer, values by name, types; every error is
/// reported at a position in the buffer (file:line:col, the line and a caret) and makes every
/// later call fail, so a hook can chain calls with && and check once.
class OpAsmParser {
 public:
  /// Reads `text`, a part of buffer `buffer_id` of `sources` (of less than 4 GiB), located as
  /// the buffer's; errors go to `diagnostics`.
  OpAsmParser(Context& context, llvm::SourceMgr& sources, unsigned buffer_id, llvm::StringRef text,
              DiagnosticEngine& diagnostics);

  /// Where types and names come from.
  Context& context() const noexcept { return context_; }
  /// Whether an error was reported.
  bool failed() const noexcept { return failed_; }

  // --- what hooks use ---

  /// %name: a value defined before here in the function.
  bool operand(const Op*& value);
  /// Zero or more operands separated by commas, up to (not including) `close`.
  bool operand_list(llvm::SmallVectorImpl<const Op*>& values, char close);
  /// A type.
  bool type(Type& t);
  /// (T1, T2) -> R, or -> (): `result` is null then.
  bool functional_type(llvm::SmallVectorImpl<Type>& inputs, Type& result);
  /// dense<...>, its elements row-major into `data` (a splat holds one); then ": T".
  bool dense(llvm::SmallVectorImpl<double>& data, Type& type);
  /// @name.
  bool symbol(Name& name);
  /// A whole number.
  bool integer(std::uint32_t& value);
  /// A whole number, perhaps negative.
  bool integer64(std::int64_t& value);
  /// A double as MLIR writes one (1.000000e+00, -2.5, 0x7FF0000000000000).
  bool scalar(double& value);
  /// [i, j, ...]: an access's indices (see OpAsmPrinter::access) into `op`, their operands
  /// appended to op.operands.
  bool access(ParsedOp& op);
  /// `c` next (after blanks and comments)? Consumes it if so.
  bool accept(char c);
  /// `c` next, else an error "expected 'c'".
  bool expect(char c);
  /// The word `word` next, else an error.
  bool expect_keyword(std::string_view word);
  /// The word `word` next? Consumes it if so.
  bool accept_keyword(std::string_view word);
  /// The next token starts with `c` (nothing consumed).
  bool peek(char c);
  /// Reports `message` at the current position; false.
  bool error(const std::string& message);
  /// Reports `message` at `at`; false.
  bool error_at(const char* at, const std::string& message);
  /// The current position (after blanks and comments).
  const char* position();

  // --- what the function and module parser uses ---

  /// Starts a function's value names afresh.
  void start_function() {
    values_.clear();
    defined_.clear();
  }
  /// Opens a region: names defined in it are forgotten when it closes (close_region(mark)).
  std::size_t open_region() const noexcept { return defined_.size(); }
  /// Closes the region open_region() returned `mark` for.
  void close_region(std::size_t mark);
  /// Names `value` %name; false (reported at `at`) if the name is taken.
  bool define(const char* at, std::string_view name, const Op* value);
  /// %name, without looking it up; its text without the %.
  bool value_name(std::string_view& name);
  /// An identifier (letters, digits, _, $, .), possibly empty.
  std::string_view identifier();
  /// Whether the characters are all read.
  bool at_end();
  /// loc(L), if one is next, L being unknown | "FILE":LINE:COL | callsite(L at L) | fused[L, ...];
  /// else `loc` stays as it is.
  /// `module_location`: the module's, which may be "FILE":0:0 (how MLIR locates a module read
  /// from IR; it is not kept).
  bool optional_location(Location& loc, bool module_location = false);
  /// Where `at` is in the buffer, as a location (what an operation without loc() gets).
  Location location_of(const char* at);

 private:
  template <class Integer>
  bool whole_number(Integer& value);
  void skip_space();
  bool number(double& value);
  bool dense_elements(llvm::SmallVectorImpl<double>& data,
                      llvm::SmallVectorImpl<std::int64_t>& shape, unsigned depth);
  bool string_literal(std::string& text);
  bool location(Location& loc, unsigned depth, bool module_location = false);

  Context& context_;
  DiagnosticEngine& diagnostics_;
  std::string_view file_name_;  // the buffer's
  std::uint32_t file_;          // the buffer's index in the Context's file table
  const char* text_start_;      // what lines_ counts offsets from
  LineTable lines_;
  const char* p_;
  const char* end_;
  bool failed_ = false;
  unsigned type_depth_ = 0;                         // struct types being read, one inside the other
  llvm::StringMap<const Op*> values_;               // %name -> value, in the function being read
  llvm::SmallVector<llvm::StringRef, 16> defined_;  // its keys, in order (to close regions)
};

}  // namespace fastarena::ir
