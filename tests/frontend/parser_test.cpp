// SPDX-License-Identifier: MIT
// The Toy parser: every grammar form, every error message, and recovery through transactions
// (broken definitions are reported, rolled back and leave no bytes behind).
#include "fastarena/toy/parser.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "fastarena/toy/ast_dump.h"

namespace fastarena::toy {
namespace {

// The header (kind, operator, 32-bit location) packs into 8 bytes, the node's pointers follow.
static_assert(sizeof(Expr) == 8 && sizeof(VarExpr) == 16 && sizeof(BinaryExpr) == 24);

static_assert(std::is_trivially_destructible_v<NumberExpr> &&
              std::is_trivially_destructible_v<LiteralExpr> &&
              std::is_trivially_destructible_v<CallExpr> &&
              std::is_trivially_destructible_v<Function> &&
              std::is_trivially_destructible_v<StructDef>);

// One parse, with everything it needs kept alive together.
struct Parsed {
  Arena arena;
  Names names;
  llvm::SourceMgr sources;
  std::string diagnostics;
  ParseStats stats;
  Module module;

  std::string dump() const {
    std::string text;
    llvm::raw_string_ostream os(text);
    toy::dump(module, os);
    return os.str();
  }
  template <class T>
  const T& record(std::size_t i) const {
    return *llvm::cast<T>(module.records[i]);
  }
  // "line:col" of a location.
  std::string at(Location loc) const {
    const LineCol lc = LineTable(module.text()).find(loc.offset);
    return std::to_string(lc.line) + ":" + std::to_string(lc.col);
  }
  // The i-th statement of the first function.
  const Expr* statement(std::size_t i) const { return record<Function>(0).body[i]; }
};

// Parses `text` (as t.toy), its diagnostics printed with the first `error_limit` errors in full.
std::unique_ptr<Parsed> parse(std::string_view text, ParseOptions options = {},
                              std::size_t error_limit = 20) {
  auto parsed = std::make_unique<Parsed>();
  llvm::raw_string_ostream diagnostics(parsed->diagnostics);
  const unsigned buffer = parsed->sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "t.toy"),
      llvm::SMLoc());
  {
    DiagnosticEngine engine;
    engine.set_error_limit(error_limit);
    SourceMgrDiagnosticHandler printer(parsed->sources, engine, diagnostics);
    options.diagnostics = &engine;
    parsed->module = parse_module(parsed->arena, parsed->names, parsed->sources, buffer, "t.toy",
                                  options, &parsed->stats);
  }  // the handler's end prints the count of errors past the limit
  diagnostics.flush();
  return parsed;
}

// Parses `body` as the body of `def f() { ... }` and returns the first statement.
std::unique_ptr<Parsed> parse_body(std::string_view body) {
  return parse("def f() {\n" + std::string(body) + "\n}");
}

// --- grammar forms ---

TEST(Parser, FunctionWithParameters) {
  const auto p = parse("def add(a, Pair b, c) { return; }");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  ASSERT_EQ(p->module.records.size(), 1u);
  const Function& f = p->record<Function>(0);
  EXPECT_EQ(f.proto.name, "add");
  ASSERT_EQ(f.proto.params.size(), 3u);
  EXPECT_EQ(f.proto.params[0].name, "a");
  EXPECT_EQ(f.proto.params[0].struct_name, "");
  EXPECT_EQ(f.proto.params[1].name, "b");
  EXPECT_EQ(f.proto.params[1].struct_name, "Pair");
  EXPECT_EQ(f.proto.params[2].name, "c");
  EXPECT_EQ(p->at(f.proto.loc), "1:1");
  EXPECT_EQ(p->module.file, "t.toy");
}

TEST(Parser, StructDefinition) {
  const auto p = parse("struct Pair {\n  var x;\n  var y;\n}\nstruct Empty {}");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  ASSERT_EQ(p->module.records.size(), 2u);
  const StructDef& pair = p->record<StructDef>(0);
  EXPECT_EQ(pair.name, "Pair");
  ASSERT_EQ(pair.fields.size(), 2u);
  EXPECT_EQ(pair.fields[1].name, "y");
  EXPECT_EQ(pair.fields[1].init, nullptr);
  EXPECT_EQ(p->at(pair.fields[1].loc), "3:3");
  EXPECT_TRUE(p->record<StructDef>(1).fields.empty());
}

TEST(Parser, VariableDeclarations) {
  const auto p = parse_body("var a = 1; var b<2, 3> = [1, 2, 3, 4, 5, 6]; Pair c = {1, 2};");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  const auto* a = llvm::cast<VarDeclExpr>(p->statement(0));
  EXPECT_EQ(a->name, "a");
  EXPECT_TRUE(a->type.shape.empty());
  EXPECT_EQ(llvm::cast<NumberExpr>(a->init)->value, 1.0);
  const auto* b = llvm::cast<VarDeclExpr>(p->statement(1));
  EXPECT_EQ(std::vector(b->type.shape.begin(), b->type.shape.end()),
            (std::vector<std::int64_t>{2, 3}));
  const auto* c = llvm::cast<VarDeclExpr>(p->statement(2));
  EXPECT_EQ(c->name, "c");
  EXPECT_EQ(c->type.struct_name, "Pair");
  EXPECT_EQ(p->at(c->loc), "2:46");  // at the type name, as in the tutorial
  EXPECT_EQ(llvm::cast<StructLiteralExpr>(c->init)->values.size(), 2u);
}

TEST(Parser, ReturnWithAndWithoutValue) {
  const auto p = parse_body("return; return x;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(llvm::cast<ReturnExpr>(p->statement(0))->value, nullptr);
  EXPECT_EQ(llvm::cast<VarExpr>(llvm::cast<ReturnExpr>(p->statement(1))->value)->name, "x");
}

// Renders an expression with explicit parentheses, to check how operators grouped.
std::string shape_of(const Expr* e) {
  if (const auto* b = llvm::dyn_cast<BinaryExpr>(e)) {
    return "(" + shape_of(b->lhs) + " " + b->op + " " + shape_of(b->rhs) + ")";
  }
  if (const auto* v = llvm::dyn_cast<VarExpr>(e)) return std::string(v->name);
  if (const auto* c = llvm::dyn_cast<CallExpr>(e)) return std::string(c->callee) + "()";
  return "?";
}

TEST(Parser, PrecedenceAndAssociativity) {
  const auto p =
      parse_body("a - b - c; a + b * c; a * b + c; a * b.x; (a + b) * c; a.x.y; f() * g() - h();");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(shape_of(p->statement(0)), "((a - b) - c)");
  EXPECT_EQ(shape_of(p->statement(1)), "(a + (b * c))");
  EXPECT_EQ(shape_of(p->statement(2)), "((a * b) + c)");
  EXPECT_EQ(shape_of(p->statement(3)), "(a * (b . x))");
  EXPECT_EQ(shape_of(p->statement(4)), "((a + b) * c)");
  EXPECT_EQ(shape_of(p->statement(5)), "((a . x) . y)");
  EXPECT_EQ(shape_of(p->statement(6)), "((f() * g()) - h())");
}

TEST(Parser, BinaryLocationIsItsRightOperand) {
  const auto p = parse_body("a * b;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(p->at(p->statement(0)->loc), "2:5");
}

TEST(Parser, CallsAndPrint) {
  const auto p = parse_body("f(); g(1, x, [1]); print(y);");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  const auto* f = llvm::cast<CallExpr>(p->statement(0));
  EXPECT_EQ(f->callee, "f");
  EXPECT_TRUE(f->args.empty());
  const auto* g = llvm::cast<CallExpr>(p->statement(1));
  ASSERT_EQ(g->args.size(), 3u);
  EXPECT_TRUE(llvm::isa<NumberExpr>(g->args[0]));
  EXPECT_TRUE(llvm::isa<VarExpr>(g->args[1]));
  EXPECT_TRUE(llvm::isa<LiteralExpr>(g->args[2]));
  const auto* print = llvm::cast<PrintExpr>(p->statement(2));
  EXPECT_EQ(llvm::cast<VarExpr>(print->arg)->name, "y");
}

TEST(Parser, NestedLiteralsAreStoredFlatWithEveryLevelsExtent) {
  const auto p = parse_body("[[[1, 2], [3, 4], [5, 6.5]]];");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  const auto* literal = llvm::cast<LiteralExpr>(p->statement(0));
  EXPECT_EQ(std::vector(literal->dims.begin(), literal->dims.end()),
            (std::vector<std::int64_t>{1, 3, 2}));
  EXPECT_EQ(std::vector(literal->values.begin(), literal->values.end()),
            (std::vector<double>{1, 2, 3, 4, 5, 6.5}));
  EXPECT_EQ(p->at(literal->loc), "2:1");
}

TEST(Parser, LiteralsCostTheirNumbersAndNothingMore) {
  // 999 more numbers cost 999 doubles: no outgrown buffer is left behind.
  std::string body = "[0";
  for (int i = 1; i < 1000; ++i) body += ", " + std::to_string(i);
  const auto thousand = parse_body(body + "];");
  const auto one = parse_body("[0];");
  ASSERT_EQ(thousand->stats.errors, 0u) << thousand->diagnostics;
  EXPECT_EQ(llvm::cast<LiteralExpr>(thousand->statement(0))->values[999], 999.0);
  EXPECT_EQ(thousand->arena.stats().bytes_allocated - one->arena.stats().bytes_allocated,
            999 * sizeof(double));
}

TEST(Parser, NumbersAreDoubles) {
  const auto p = parse_body("2.5; 0.125; 12345678901234567890;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(0))->value, 2.5);
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(1))->value, 0.125);
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(2))->value, 12345678901234567890.0);
}

TEST(Parser, NumbersReadTheirLongestNumericPrefixAsToycDoes) {
  const auto p = parse_body("1.; 1.2.3; 7..; var a<2.> = 1; var b<3.0.9> = 1;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(0))->value, 1.0);
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(1))->value, 1.2);
  EXPECT_EQ(llvm::cast<NumberExpr>(p->statement(2))->value, 7.0);
  EXPECT_EQ(llvm::cast<VarDeclExpr>(p->statement(3))->type.shape[0], 2);
  EXPECT_EQ(llvm::cast<VarDeclExpr>(p->statement(4))->type.shape[0], 3);
}

TEST(Parser, StraySemicolonsAreAllowed) {
  const auto p = parse_body(";; x; ;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  EXPECT_EQ(p->record<Function>(0).body.size(), 1u);
}

TEST(Parser, NamesAreInterned) {
  const auto p = parse_body("abc; abc; abd;");
  ASSERT_EQ(p->stats.errors, 0u) << p->diagnostics;
  const Name first = llvm::cast<VarExpr>(p->statement(0))->name;
  const Name second = llvm::cast<VarExpr>(p->statement(1))->name;
  EXPECT_TRUE(first == second);  // the same table entry
  EXPECT_EQ(first.view().data(), second.view().data());
  EXPECT_FALSE(first == llvm::cast<VarExpr>(p->statement(2))->name);
}

TEST(Parser, DumpFollowsTheSpecLayout) {
  const auto p = parse("def main() {\n  var a<2> = [1, 2];\n  print(a);\n}\n");
  EXPECT_EQ(p->dump(),
            "  Module:\n"
            "    Function \n"
            "      Proto 'main' @t.toy:1:1\n"
            "      Params: []\n"
            "      Block {\n"
            "        VarDecl a<2> @t.toy:2:3\n"
            "          Literal: <2>[ 1.000000e+00, 2.000000e+00] @t.toy:2:14\n"
            "        Print [ @t.toy:3:3\n"
            "          var: a @t.toy:3:9\n"
            "        ]\n"
            "      } // Block\n");
}

// --- every error message ---

struct ErrorCase {
  const char* source;
  const char* message;  // the whole first diagnostic line
};

class ParserErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParserErrors, ReportsTheExpectedMessageAndKeepsNothing) {
  const auto p = parse(GetParam().source);
  EXPECT_EQ(p->diagnostics.substr(0, p->diagnostics.find('\n')), GetParam().message);
  EXPECT_EQ(p->stats.errors, 1u) << p->diagnostics;
  EXPECT_TRUE(p->module.records.empty());
  EXPECT_EQ(p->stats.definitions, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, ParserErrors,
    ::testing::Values(
        ErrorCase{
            "x", "t.toy:1:1: error: expected 'def' or 'struct' at top level, found identifier 'x'"},
        ErrorCase{"def (", "t.toy:1:5: error: expected identifier after 'def', found '('"},
        ErrorCase{"def f {", "t.toy:1:7: error: expected '(' after the function name, found '{'"},
        ErrorCase{"def f(1)",
                  "t.toy:1:7: error: expected identifier as a parameter name, found number '1'"},
        ErrorCase{"def f(a;",
                  "t.toy:1:8: error: expected ')' to close the parameter list, found ';'"},
        ErrorCase{"def f() x",
                  "t.toy:1:9: error: expected '{' to open the function body, found identifier 'x'"},
        ErrorCase{"def f() {",
                  "t.toy:1:10: error: expected '}' to close the function body, found end of file"},
        ErrorCase{"def f() { x }", "t.toy:1:12: error: expected ';' after expression"},
        ErrorCase{"def f() { var 1 = 2; }",
                  "t.toy:1:15: error: expected identifier after 'var', found number '1'"},
        ErrorCase{"def f() { var a 2; }",
                  "t.toy:1:17: error: expected '=' in a variable declaration, found number '2'"},
        ErrorCase{"def f() { T a; }",
                  "t.toy:1:14: error: expected '=' in a variable declaration, found ';'"},
        ErrorCase{"def f() { var a<> = 1; }",
                  "t.toy:1:17: error: expected number as a shape dimension, found '>'"},
        ErrorCase{
            "def f() { var a<2.5> = 1; }",
            "t.toy:1:17: error: shape dimension '2.5' is not a whole number that fits in 64 bits"},
        ErrorCase{"def f() { var a<2 = 1; }",
                  "t.toy:1:19: error: expected '>' to close the shape, found '='"},
        ErrorCase{"def f() { return ); }", "t.toy:1:18: error: expected expression, found ')'"},
        ErrorCase{"def f() { (1; }",
                  "t.toy:1:13: error: expected ')' to close the parenthesis, found ';'"},
        ErrorCase{"def f() { g(1; }",
                  "t.toy:1:14: error: expected ')' to close the argument list, found ';'"},
        ErrorCase{"def f() { print(); }",
                  "t.toy:1:16: error: print takes exactly one argument, 0 given"},
        ErrorCase{"def f() { [1, a]; }",
                  "t.toy:1:15: error: expected a number or '[' in a literal, found identifier 'a'"},
        ErrorCase{"def f() { []; }",
                  "t.toy:1:12: error: expected a number or '[' in a literal, found ']'"},
        ErrorCase{"def f() { [1 2]; }",
                  "t.toy:1:14: error: expected ']' to close the literal, found number '2'"},
        ErrorCase{
            "def f() { [[1], 2]; }",
            "t.toy:1:17: error: literal is not rectangular: it mixes numbers and nested literals"},
        ErrorCase{
            "def f() { [1, [2]]; }",
            "t.toy:1:15: error: literal is not rectangular: it mixes numbers and nested literals"},
        ErrorCase{"def f() { [[1], [2, 3]]; }",
                  "t.toy:1:17: error: literal is not rectangular: this element's shape differs "
                  "from the first's"},
        ErrorCase{"def f() { {1 2}; }",
                  "t.toy:1:14: error: expected '}' to close the struct literal, found number '2'"},
        ErrorCase{"def f() { 1e5; }", "t.toy:1:12: error: expected ';' after expression"},
        ErrorCase{"def f() { a + ; }", "t.toy:1:15: error: expected expression, found ';'"},
        ErrorCase{"def f() { @; }",
                  "t.toy:1:11: error: expected expression, found invalid character '@'"},
        ErrorCase{"def f() { \x01; }",
                  "t.toy:1:11: error: expected expression, found invalid byte 0x01"},
        ErrorCase{"struct {", "t.toy:1:8: error: expected identifier after 'struct', found '{'"},
        ErrorCase{"struct S (",
                  "t.toy:1:10: error: expected '{' to open the struct body, found '('"},
        ErrorCase{
            "struct S { x; }",
            "t.toy:1:12: error: expected 'var' to declare a struct field, found identifier 'x'"},
        ErrorCase{"struct S { var x = 1; }",
                  "t.toy:1:17: error: expected ';' after a field declaration"},
        ErrorCase{
            "struct S { var x;",
            "t.toy:1:18: error: expected 'var' to declare a struct field, found end of file"}));

TEST(Parser, ErrorsShowTheSourceLineAndACaret) {
  const auto p = parse("def f() {\n  return [1, 2]\n}\n");
  EXPECT_EQ(p->diagnostics,
            "t.toy:2:16: error: expected ';' after expression\n"
            "  return [1, 2]\n"
            "               ^\n");
}

TEST(Parser, NumberOutOfRange) {
  const auto p = parse_body("1" + std::string(400, '0') + ";");
  EXPECT_NE(
      p->diagnostics.find(
          "t.toy:2:1: error: number '1000000000000000000000000000000000000000...' is out of range"),
      std::string::npos)
      << p->diagnostics;
}

// --- limits ---

TEST(Parser, DepthLimitStopsDeepNestingWithoutRecursingFurther) {
  ParseOptions options;
  options.max_depth = 5;
  EXPECT_EQ(parse("def f() { ((((1)))); }", options)->stats.errors, 0u);
  const auto parens = parse("def f() { (((((1))))); }", options);
  EXPECT_NE(parens->diagnostics.find(
                "t.toy:1:16: error: expression nested too deeply (more than 5 levels)"),
            std::string::npos)
      << parens->diagnostics;
  EXPECT_EQ(parse("def f() { [[[[[1]]]]]; }", options)->stats.errors, 0u);
  const auto squares = parse("def f() { [[[[[[1]]]]]]; }", options);
  EXPECT_NE(squares->diagnostics.find("error: literal nested too deeply (more than 5 levels)"),
            std::string::npos)
      << squares->diagnostics;
}

TEST(Parser, DefaultDepthLimitSurvivesAHundredThousandBrackets) {
  for (const char* pair : {"()", "[]", "{}"}) {
    const std::string source = "def f() { " + std::string(100000, pair[0]) + "1" +
                               std::string(100000, pair[1]) + "; }\ndef g() { return; }";
    const auto p = parse(source);
    EXPECT_EQ(p->stats.broken_definitions, 1u) << pair;
    EXPECT_EQ(p->stats.definitions, 1u) << pair;
    EXPECT_NE(p->diagnostics.find("nested too deeply (more than 1000 levels)"), std::string::npos);
  }
}

TEST(Parser, BudgetRollsBackAnOversizedDefinitionAndGoesOn) {
  ParseOptions options;
  options.definition_budget = 1024;
  std::string big = "def big() { return [1";
  for (int i = 0; i < 1000; ++i) big += ", 1";
  const auto p = parse(big + "]; }\ndef small() { return 1; }", options);
  EXPECT_NE(
      p->diagnostics.find(
          "t.toy:1:1: error: this definition needs more than its memory budget of 1024 bytes"),
      std::string::npos)
      << p->diagnostics;
  ASSERT_EQ(p->module.records.size(), 1u);
  EXPECT_EQ(p->record<Function>(0).proto.name, "small");
  EXPECT_GT(p->stats.bytes_rolled_back, 0u);
  EXPECT_LE(p->stats.bytes_rolled_back, 1024u);
}

TEST(Parser, ErrorLimitHidesTheRestButParsingGoesOn) {
  std::string source;
  for (int i = 0; i < 30; ++i) source += "def a(;\n";
  source += "def b() { return; }";
  const auto p = parse(source, {}, 3);
  EXPECT_EQ(p->stats.errors, 30u);
  EXPECT_EQ(p->module.records.size(), 1u);
  std::size_t printed = 0;
  for (std::size_t at = 0; (at = p->diagnostics.find(": error: ", at)) != std::string::npos; ++at) {
    ++printed;
  }
  EXPECT_EQ(printed, 3u);
  EXPECT_NE(p->diagnostics.find("fastarena: note: 27 more errors not shown (error limit 3)"),
            std::string::npos)
      << p->diagnostics;
}

// --- recovery ---

TEST(Parser, RecoveryReportsEveryBrokenDefinitionAndKeepsEveryGoodOne) {
  const auto p = parse(
      "def a() { return 1; }\n"
      "def b() { return 1 }\n"
      "def c() { return 2; }\n"
      "struct S { var x }\n"
      "def d() { return [[1], 2]; }\n"
      "struct T { var y; }\n"
      "def e(");
  EXPECT_EQ(p->stats.errors, 4u) << p->diagnostics;
  EXPECT_EQ(p->stats.broken_definitions, 4u);
  EXPECT_EQ(p->stats.definitions, 3u);
  ASSERT_EQ(p->module.records.size(), 3u);
  EXPECT_EQ(p->record<Function>(0).proto.name, "a");
  EXPECT_EQ(p->record<Function>(1).proto.name, "c");
  EXPECT_EQ(p->record<StructDef>(2).name, "T");
  for (const char* where : {"t.toy:2:", "t.toy:4:", "t.toy:5:", "t.toy:7:"}) {
    EXPECT_NE(p->diagnostics.find(where), std::string::npos) << where;
  }
}

TEST(Parser, RolledBackDefinitionsLeaveNoBytesBehind) {
  // The same good definitions alone, and with 100 broken ones between them: the AST arena ends
  // in exactly the same state.
  std::string good;
  std::string mixed;
  for (int i = 0; i < 100; ++i) {
    const std::string def = "def good" + std::to_string(i) + "(a, b) { var x<2> = [1, " +
                            std::to_string(i) + "]; return x * a + b; }\n";
    good += def;
    mixed += def;
    mixed += "def broken" + std::to_string(i) + "(a) { var y = [[1, 2], [3, 4]]; return y + ; }\n";
  }
  const auto alone = parse(good, {}, 1);
  const auto with_broken = parse(mixed, {}, 1);
  ASSERT_EQ(alone->stats.errors, 0u) << alone->diagnostics;
  EXPECT_EQ(with_broken->stats.errors, 100u);
  EXPECT_EQ(with_broken->stats.broken_definitions, 100u);
  EXPECT_GT(with_broken->stats.bytes_rolled_back, 100u * 100u);
  EXPECT_EQ(with_broken->arena.stats(), alone->arena.stats());
  EXPECT_EQ(with_broken->module.records.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(with_broken->record<Function>(i).proto.name.view(),
              alone->record<Function>(i).proto.name.view());
  }
}

// --- reading one definition at a time ---

TEST(DefinitionReader, PrintedInPartsReadsAsTheWholeAndHoldsOneDefinitionAtATime) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    text += "struct S" + n + " { var a; }\n# a comment\ndef f" + n +
            "(x) { var y<2, 2> = [[1, 2], [3, " + n + "]]; return x * y + f" + n + "(x); }\n";
  }
  text += "def broken( { }\n";
  ParseOptions options;
  const auto whole = parse(text, options, 0);
  ASSERT_EQ(whole->stats.errors, 1u);

  llvm::SourceMgr sources;
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "t.toy"),
      llvm::SMLoc());
  Arena arena;
  Names names;
  std::string diagnostics;
  llvm::raw_string_ostream diagnostics_os(diagnostics);
  DiagnosticEngine engine;
  SourceMgrDiagnosticHandler printer(sources, engine, diagnostics_os);
  options.diagnostics = &engine;
  DefinitionReader reader(arena, names, sources, buffer, options);
  std::string printed;
  llvm::raw_string_ostream os(printed);
  AstDumper dumper("t.toy", text, os);
  const Checkpoint start = arena.checkpoint();
  std::size_t most = 0;
  while (Record* record = reader.next()) {
    dumper.record(*record);
    most = std::max(most, arena.stats().bytes_allocated);
    arena.rewind(start);
  }
  EXPECT_EQ(reader.next(), nullptr);  // and it stays at the end
  EXPECT_EQ(os.str(), whole->dump());
  EXPECT_EQ(reader.stats().definitions, 400u);
  EXPECT_EQ(reader.stats().errors, 1u);
  EXPECT_NE(
      diagnostics_os.str().find("t.toy:601:13: error: expected identifier as a parameter name"),
      std::string::npos)
      << diagnostics;
  // One definition at a time: a small fraction of what the whole module holds.
  EXPECT_GT(most, 0u);
  EXPECT_LT(most * 100, whole->arena.stats().bytes_allocated);
}

}  // namespace
}  // namespace fastarena::toy
