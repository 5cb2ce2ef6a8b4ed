/* ast.h: the syntax tree of the lesson language and the parser that builds it.
 *
 * The tree is CPython 3.11's ast module, node for node and field for field
 * (ast.dump names are used in the dump), for the subset DESIGN.md lists.
 * AsyncFunctionDef, AsyncFor and AsyncWith are the plain statements with
 * is_async set. Every node carries its position (ast_pos), computed as
 * CPython computes col_offset/end_col_offset, f-string parts included.
 *
 * The parser (parser.c) is recursive descent over CPython 3.11's grammar
 * (Grammar/python.gram), with precedence climbing for the binary operators.
 * It reports the one error CPython 3.11 would report for the file: same
 * exception type, message, line, caret range and quoted line. CPython finds
 * its messages in a second parsing pass ("invalid_*" rules); this parser
 * checks, where its own single pass fails, the rule that second pass would
 * have matched there, and puts a generic "invalid syntax" on the last token
 * CPython's first pass fetched. After a parse, the compile-stage checks of
 * 3.11 run (check.c: __future__, the 3000-level depth limit, the symbol
 * table's global/nonlocal/parameter rules, then the compiler's 'return' /
 * 'await' / 'yield' outside function, break outside loop, starred targets,
 * repeated keywords, ...), so a module that comes back from lang_parse is
 * one CPython would have compiled. SyntaxWarnings CPython prints while
 * compiling (`is` with a literal, calling a literal, assert on a tuple,
 * a number glued to a keyword) are sent as warnings, before any error.
 * The parser reports the first error only (as CPython does), it does not
 * go on to find more.
 *
 * Outside the subset, and reported as a SyntaxError naming the construct
 * ("the 'match' statement is not supported by coroscope"), but only when the
 * file has no error CPython would report: match statements, except*,
 * complex literals, \N{...} escapes (coroscope has no Unicode name table).
 * Known differences from CPython: identifiers are not fully NFKC
 * normalized (only full-width ASCII and the micro sign are folded, see
 * parser.c); only UTF-8 (and Latin-1) source encodings are read.
 *
 * Memory: one arena per module; ast_module_free releases everything; all
 * allocation goes through rt_malloc. Nodes are immutable after parsing,
 * except an expression's ri, which compile.c sets once.
 * Identifiers are interned per module: two equal names are the same
 * pointer. Strings are UTF-8 with a length (they may contain NUL; a lone
 * surrogate from "\ud800" is its 3-byte form).
 *
 * Depth: a returned tree is at most LANG_MAX_AST_DEPTH (3000) statements and
 * expressions deep (deeper code is CPython's RecursionError "maximum
 * recursion depth exceeded during compilation"), so a recursive walk of it
 * is bounded. Parsing itself stops at 6000 rule levels, as CPython's parser
 * does (then the error is CPython's bare "MemoryError"); that needs about a
 * megabyte of C stack: parse on a thread's main stack, not on a small
 * coroutine stack.
 */
#ifndef SIM_LANG_AST_H
#define SIM_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lexer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a node is: lines 1-based; col/end_col 0-based character columns
 * (end exclusive), as tracebacks use them; bcol/end_bcol the same in bytes,
 * which is what CPython's ast reports as col_offset/end_col_offset. */
typedef struct ast_pos {
  int32_t line, col, end_line, end_col;
  int32_t bcol, end_bcol;
} ast_pos;

typedef struct ast_expr ast_expr;
typedef struct ast_stmt ast_stmt;
typedef struct ast_arguments ast_arguments;
typedef struct ast_arg ast_arg;
typedef struct ast_keyword ast_keyword;
typedef struct ast_alias ast_alias;
typedef struct ast_withitem ast_withitem;
typedef struct ast_comprehension ast_comprehension;
typedef struct ast_excepthandler ast_excepthandler;

/* Sequences: n items (pointers), in source order. */
typedef struct ast_expr_seq { int32_t n; ast_expr **items; } ast_expr_seq;
typedef struct ast_stmt_seq { int32_t n; ast_stmt **items; } ast_stmt_seq;
typedef struct ast_arg_seq { int32_t n; ast_arg **items; } ast_arg_seq;
typedef struct ast_keyword_seq { int32_t n; ast_keyword **items; } ast_keyword_seq;
typedef struct ast_alias_seq { int32_t n; ast_alias **items; } ast_alias_seq;
typedef struct ast_withitem_seq { int32_t n; ast_withitem **items; } ast_withitem_seq;
typedef struct ast_comprehension_seq { int32_t n; ast_comprehension **items; } ast_comprehension_seq;
typedef struct ast_handler_seq { int32_t n; ast_excepthandler **items; } ast_handler_seq;
typedef struct ast_ident_seq { int32_t n; const char **items; } ast_ident_seq;

typedef enum ast_ctx { AST_CTX_LOAD, AST_CTX_STORE, AST_CTX_DEL } ast_ctx;
typedef enum ast_boolop { AST_BOOL_AND, AST_BOOL_OR } ast_boolop;
typedef enum ast_operator {
  AST_OP_ADD, AST_OP_SUB, AST_OP_MULT, AST_OP_MATMULT, AST_OP_DIV,
  AST_OP_MOD, AST_OP_POW, AST_OP_LSHIFT, AST_OP_RSHIFT, AST_OP_BITOR,
  AST_OP_BITXOR, AST_OP_BITAND, AST_OP_FLOORDIV
} ast_operator;
typedef enum ast_unaryop {
  AST_UOP_INVERT, AST_UOP_NOT, AST_UOP_UADD, AST_UOP_USUB
} ast_unaryop;
typedef enum ast_cmpop {
  AST_CMP_EQ, AST_CMP_NOTEQ, AST_CMP_LT, AST_CMP_LTE, AST_CMP_GT,
  AST_CMP_GTE, AST_CMP_IS, AST_CMP_ISNOT, AST_CMP_IN, AST_CMP_NOTIN
} ast_cmpop;

/* --------------------------------------------------------------- constants */

typedef enum ast_const_kind {
  AST_CONST_NONE, AST_CONST_BOOL, AST_CONST_ELLIPSIS,
  AST_CONST_INT,    /* i; if big, the literal did not fit in 64 bits */
  AST_CONST_FLOAT,  /* f, correctly rounded */
  AST_CONST_STR,    /* str/len: UTF-8 */
  AST_CONST_BYTES,  /* str/len: the bytes */
} ast_const_kind;

typedef struct ast_const {
  ast_const_kind kind;
  bool u_prefix;  /* a u"..." string: ast's kind='u' */
  bool big;       /* AST_CONST_INT too large for int64: str holds the
                     literal without '_' (e.g. "0x1ffffffffffffffff") */
  bool b;         /* AST_CONST_BOOL */
  int64_t i;
  double f;
  const char *str;
  size_t len;
} ast_const;

/* ------------------------------------------------------------- expressions */

typedef enum ast_expr_kind {
  AST_EXPR_BOOL_OP, AST_EXPR_NAMED_EXPR, AST_EXPR_BIN_OP, AST_EXPR_UNARY_OP,
  AST_EXPR_LAMBDA, AST_EXPR_IF_EXP, AST_EXPR_DICT, AST_EXPR_SET,
  AST_EXPR_LIST_COMP, AST_EXPR_SET_COMP, AST_EXPR_DICT_COMP,
  AST_EXPR_GENERATOR_EXP, AST_EXPR_AWAIT, AST_EXPR_YIELD,
  AST_EXPR_YIELD_FROM, AST_EXPR_COMPARE, AST_EXPR_CALL,
  AST_EXPR_FORMATTED_VALUE, AST_EXPR_JOINED_STR, AST_EXPR_CONSTANT,
  AST_EXPR_ATTRIBUTE, AST_EXPR_SUBSCRIPT, AST_EXPR_STARRED, AST_EXPR_NAME,
  AST_EXPR_LIST, AST_EXPR_TUPLE, AST_EXPR_SLICE,
  AST_EXPR__COUNT
} ast_expr_kind;

struct ast_expr {
  ast_expr_kind kind;
  ast_ctx ctx;  /* Name, Attribute, Subscript, Starred, List, Tuple */
  int32_t ri;   /* compile.c's resolution of the node: an index into its
                   lang_prog's table, 0 if none (the one field written
                   after parsing) */
  ast_pos pos;
  union {
    struct { ast_boolop op; ast_expr_seq values; } bool_op;
    struct { ast_expr *target, *value; } named_expr;
    struct { ast_expr *left; ast_operator op; ast_expr *right; } bin_op;
    struct { ast_unaryop op; ast_expr *operand; } unary_op;
    struct { ast_arguments *args; ast_expr *body; } lambda;
    struct { ast_expr *test, *body, *orelse; } if_exp;
    /* keys.items[i] is NULL for a **mapping entry */
    struct { ast_expr_seq keys, values; } dict;
    struct { ast_expr_seq elts; } set;
    /* ListComp, SetComp, GeneratorExp */
    struct { ast_expr *elt; ast_comprehension_seq generators; } comp;
    struct { ast_expr *key, *value; ast_comprehension_seq generators; } dict_comp;
    struct { ast_expr *value; } await_expr;
    struct { ast_expr *value; } yield;  /* value may be NULL */
    struct { ast_expr *value; } yield_from;
    /* ops[i] compares comparators.items[i-1] (left for 0) and items[i] */
    struct { ast_expr *left; ast_cmpop *ops; ast_expr_seq comparators; } compare;
    struct { ast_expr *func; ast_expr_seq args; ast_keyword_seq keywords; } call;
    /* conversion: -1, 's', 'r' or 'a'; format_spec: a JoinedStr or NULL */
    struct { ast_expr *value; int conversion; ast_expr *format_spec; } formatted_value;
    struct { ast_expr_seq values; } joined_str;
    ast_const constant;
    struct { ast_expr *value; const char *attr; } attribute;
    struct { ast_expr *value, *slice; } subscript;
    struct { ast_expr *value; } starred;
    struct { const char *id; } name;
    struct { ast_expr_seq elts; } list;
    struct { ast_expr_seq elts; } tuple;
    struct { ast_expr *lower, *upper, *step; } slice;  /* each may be NULL */
  } v;
};

/* -------------------------------------------------------------- statements */

typedef enum ast_stmt_kind {
  AST_STMT_FUNCTION_DEF, AST_STMT_CLASS_DEF, AST_STMT_RETURN,
  AST_STMT_DELETE, AST_STMT_ASSIGN, AST_STMT_AUG_ASSIGN,
  AST_STMT_ANN_ASSIGN, AST_STMT_FOR, AST_STMT_WHILE, AST_STMT_IF,
  AST_STMT_WITH, AST_STMT_RAISE, AST_STMT_TRY, AST_STMT_ASSERT,
  AST_STMT_IMPORT, AST_STMT_IMPORT_FROM, AST_STMT_GLOBAL,
  AST_STMT_NONLOCAL, AST_STMT_EXPR, AST_STMT_PASS, AST_STMT_BREAK,
  AST_STMT_CONTINUE,
  AST_STMT__COUNT
} ast_stmt_kind;

struct ast_stmt {
  ast_stmt_kind kind;
  ast_pos pos;
  union {
    struct {
      const char *name;
      ast_arguments *args;
      ast_stmt_seq body;
      ast_expr_seq decorator_list;
      ast_expr *returns;  /* the -> annotation, or NULL */
      bool is_async;
    } function_def;
    struct {
      const char *name;
      ast_expr_seq bases;
      ast_keyword_seq keywords;
      ast_stmt_seq body;
      ast_expr_seq decorator_list;
    } class_def;
    struct { ast_expr *value; } return_;  /* value may be NULL */
    struct { ast_expr_seq targets; } delete_;
    /* a = b = value: targets [a, b] */
    struct { ast_expr_seq targets; ast_expr *value; } assign;
    struct { ast_expr *target; ast_operator op; ast_expr *value; } aug_assign;
    /* simple: the target is a bare name (not parenthesized) */
    struct { ast_expr *target, *annotation, *value; bool simple; } ann_assign;
    struct {
      ast_expr *target, *iter;
      ast_stmt_seq body, orelse;
      bool is_async;
    } for_;
    struct { ast_expr *test; ast_stmt_seq body, orelse; } while_;
    /* elif is an If alone in orelse */
    struct { ast_expr *test; ast_stmt_seq body, orelse; } if_;
    struct { ast_withitem_seq items; ast_stmt_seq body; bool is_async; } with;
    struct { ast_expr *exc, *cause; } raise;  /* each may be NULL */
    struct {
      ast_stmt_seq body;
      ast_handler_seq handlers;
      ast_stmt_seq orelse, finalbody;
    } try_;
    struct { ast_expr *test, *msg; } assert_;
    struct { ast_alias_seq names; } import;
    /* from ..x import a: module "x", level 2; module NULL for "from . import" */
    struct { const char *module; ast_alias_seq names; int level; } import_from;
    struct { ast_ident_seq names; } global;
    struct { ast_ident_seq names; } nonlocal;
    struct { ast_expr *value; } expr;
  } v;
};

/* ------------------------------------------------------------------ helpers */

/* def f(a, /, b, c=1, *args, d, e=2, **kw): posonlyargs [a], args [b, c],
 * defaults [1] (for the last len(defaults) of posonlyargs+args), vararg
 * args, kwonlyargs [d, e], kw_defaults [NULL, 2], kwarg kw. */
struct ast_arguments {
  ast_arg_seq posonlyargs, args;
  ast_arg *vararg;
  ast_arg_seq kwonlyargs;
  ast_expr_seq kw_defaults;
  ast_arg *kwarg;
  ast_expr_seq defaults;
};
struct ast_arg { const char *arg; ast_expr *annotation; ast_pos pos; };
/* arg NULL: **mapping */
struct ast_keyword { const char *arg; ast_expr *value; ast_pos pos; };
/* name "a.b.c" or "*"; asname may be NULL */
struct ast_alias { const char *name; const char *asname; ast_pos pos; };
struct ast_withitem { ast_expr *context_expr, *optional_vars; };
struct ast_comprehension {
  ast_expr *target, *iter;
  ast_expr_seq ifs;
  bool is_async;
};
/* type and name may be NULL (bare except) */
struct ast_excepthandler {
  ast_expr *type;
  const char *name;
  ast_stmt_seq body;
  ast_pos pos;
};

/* ------------------------------------------------------------------ module */

typedef struct ast_module {
  ast_stmt_seq body;
  const char *filename;  /* as given to lang_parse (copied) */
  struct lang_arena *arena;  /* private */
} ast_module;

typedef struct lang_parse_opts {
  const char *filename;  /* used in messages; NULL: "<unknown>" */
  lang_diag_cb on_diag;  /* receives the error and the warnings; may be NULL */
  void *ud;
} lang_parse_opts;

/* Parse (and check) src[0..len), a whole file's bytes. On success *out is
 * the module (free with ast_module_free) and LANG_OK is returned. On a
 * SyntaxError (or IndentationError, TabError, RecursionError, MemoryError
 * as CPython would report), or a construct outside the subset, the one
 * diagnostic goes to opts->on_diag, *out is NULL and LANG_ESYNTAX is
 * returned. SyntaxWarnings go to on_diag first, in the order CPython prints
 * them, whatever the result. LANG_ENOMEM if the allocation hook said no
 * (no error is reported then). Nothing is left allocated on failure.
 * Never prints. Thread-safe: no global state. */
int lang_parse(const char *src, size_t len, const lang_parse_opts *opts,
               ast_module **out);
/* Free a module and its whole tree (one arena). NULL is fine. */
void ast_module_free(ast_module *m);

/* ------------------------------------------------------------------- dump */

/* An S-expression debug dump, close to ast.dump: (Kind field=value ...),
 * lists in [ ], fields that are None or empty left out, identifiers bare,
 * strings quoted like Python's repr. AST_DUMP_POS adds @line:col-line:col
 * (character columns) after each node's kind; AST_DUMP_INDENT puts each
 * statement on its own line. Returns an rt_malloc'd string (rt_free it) or
 * NULL when memory runs out. */
enum { AST_DUMP_POS = 1, AST_DUMP_INDENT = 2 };
char *ast_dump_module(const ast_module *m, unsigned flags);
char *ast_dump_stmt(const ast_stmt *s, unsigned flags);
char *ast_dump_expr(const ast_expr *e, unsigned flags);

const char *ast_expr_kind_name(ast_expr_kind k);  /* "Call", ... */
const char *ast_stmt_kind_name(ast_stmt_kind k);  /* "FunctionDef", ... */

#ifdef __cplusplus
}
#endif
#endif /* SIM_LANG_AST_H */
