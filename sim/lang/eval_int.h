/* eval_int.h: private structures of the evaluator: resolved code, frames, functions, generators.
 *
 * Invariants.
 *
 * 1. Resolution. compile.c walks a parsed module once and builds a
 *    lang_prog: one lang_code per scope (module, def, lambda, class body,
 *    comprehension, generator expression) and a side table from AST node
 *    pointers to what the evaluator needs at that node (the AST is
 *    immutable but for one index per expression): a Name's kind and slot,
 *    an Attribute's interned name, a Constant's object, a Call's kwnames
 *    tuple, a scope node's code. An expression's entry is found by the
 *    index compile.c stores in it (ast_expr.ri, a dense table); the rare
 *    other keys (def and class statements, import aliases, except
 *    handlers) by a hash table keyed by pointer. The lang_prog owns every object it holds
 *    and lives as long as the interpreter that ran it (functions point at
 *    its codes).
 *
 * 2. Frames. A Python-level activation is a lang_frame on the C stack of
 *    whoever runs it (a generator's lives on its coroutine's stack). fast[]
 *    holds the locals by slot: params first, then the other locals, then
 *    the free variables (cells taken from the function's closure). A local
 *    that an inner scope captures holds a cell in its slot. Module and class
 *    bodies keep their names in a dict (locals).
 *
 * 3. Errors travel as NULL / LX_ERR returns with the py_tstate's current
 *    exception. The first time an exception is seen in a frame, the frame
 *    adds a traceback entry (lang__tb_here): the exception's traceback slot
 *    is a list of (frame serial, line, col, end_line, end_col, name, file)
 *    tuples, innermost first.
 *
 * 4. Generators and coroutines each run on their own rt_coro stack; next()
 *    and send() resume it, yield suspends it. Deallocating an unfinished
 *    generator closes it (GeneratorExit thrown in) before freeing its stack.
 */
#ifndef SIM_LANG_EVAL_INT_H
#define SIM_LANG_EVAL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "lang.h"
#include "object.h"
#include "object_int.h"
#include "rt.h"

/* ----------------------------------------------------------------- codes */

enum { CODE_MODULE, CODE_FUNC, CODE_CLASS, CODE_COMP };

typedef struct lang_code {
  int kind;
  const char *name;
  py_obj *name_obj, *qualname_obj;
  int nposonly, nargs;       /* nargs counts posonly too */
  int nkwonly;
  bool varargs, varkw;
  int nparams;               /* nargs + nkwonly + varargs + varkw */
  int nlocals;               /* params included */
  int nfree;
  int nslots;                /* nlocals + nfree */
  uint8_t *is_cell;          /* per local slot */
  int *free_src;             /* per free var: the parent frame's slot */
  py_obj **slot_names;       /* interned str per slot */
  bool is_gen, is_async;
  int firstline;
  const ast_stmt *def;       /* FunctionDef / ClassDef, or NULL */
  const ast_expr *expr;      /* Lambda / comprehension node, or NULL */
  const ast_stmt_seq *body;  /* module, def, class */
  py_obj *filename;          /* str (borrowed from the prog) */
} lang_code;

/* Name kinds. */
enum {
  NK_FAST,       /* fast[slot] */
  NK_DEREF,      /* cell in fast[slot] */
  NK_GLOBAL,     /* globals, then builtins */
  NK_NAME,       /* locals dict, then globals, then builtins */
  NK_CLASSDEREF, /* class body: locals dict, then the cell fast[slot] */
};

typedef struct lang_rinfo {
  const void *key;
  int32_t kind, slot;
  py_obj *obj;               /* name str / constant / kwnames tuple */
  lang_code *code;
  union {
    /* obj.name(...): what py_getmethod found on an object of type ctype
     * while py__type_epoch was cepoch: with cdver 0, a method found
     * unbound on the type (borrowed: the type's dict holds it); else the
     * value of the object's own dict, whose version was cdver, where the
     * type has nothing of that name (a module's function) */
    struct { const py_type *ctype; py_obj *cmeth; uint64_t cepoch, cdver; };
    /* a name kept in a dict (globals, a module's or class body's names):
     * its entry index gidx there while that dict's keys_version is gkver;
     * gidx -1 when the globals lack it and it is entry bidx of the
     * builtins while theirs is bkver. Versions are never reused. */
    struct { int64_t gidx, bidx; uint64_t gkver, bkver; };
  };
} lang_rinfo;

typedef struct lang_prog {
  ast_module *mod;
  py_obj *filename;
  lang_rinfo *tab;           /* keyed by other nodes (statements, aliases, ...) */
  size_t tabcap, tabn;
  lang_rinfo *ri;            /* by an expression's ri (ri[0]: none, kind -1) */
  int32_t nri, capri;
  lang_code **codes;
  size_t ncodes, capcodes;
  lang_code *main;
  char *src;                 /* a copy of the source (traceback lines) */
  size_t srclen;
  const char **lines;        /* line starts */
  int nlines;
  int64_t file_id;           /* rt_intern(filename) for RT_EV_LINE, 0 until used */
} lang_prog;

/* Build the resolution of a parsed module. 0, or -1 with an exception set. */
int lang__compile(ast_module *m, lang_prog **out);
void lang__prog_free(lang_prog *p);
lang_rinfo *lang__rinfo(lang_prog *p, const void *node);
/* An expression's resolution: no hashing, its index is in the node. */
static inline lang_rinfo *lang__expr_rinfo(lang_prog *p, const ast_expr *e) {
  return &p->ri[e->ri];
}
/* The source line n (1-based) without its newline. */
bool lang__prog_line(lang_prog *p, int n, const char **s, size_t *len);
/* CPython's "coroutine 'name' was never awaited" RuntimeWarning on stderr,
 * at the current frame's line, once per location (the warnings registry). */
void lang__warn_unawaited(const char *name);

/* ----------------------------------------------------------------- cells */

typedef struct lang_cell {
  py_obj ob;
  py_obj *ref;
} lang_cell;
extern py_type lang_cell_type;
py_obj *lang__cell_new(py_obj *v);

/* ------------------------------------------------------------- functions */

typedef struct lang_func {
  py_obj ob;
  lang_code *code;
  lang_prog *prog;
  py_obj *globals;
  py_obj *defaults;          /* tuple or NULL */
  py_obj *kwdefaults;        /* dict or NULL */
  py_obj *closure;           /* tuple of cells or NULL */
  py_obj *name, *qualname;
  py_obj *dict;
  py_obj *doc;
  py_obj *klass;             /* the class it was defined in (super()) */
} lang_func;
extern py_type lang_func_type;

/* ---------------------------------------------------------------- frames */

typedef struct lang_frame {
  lang_code *code;
  lang_func *func;
  lang_prog *prog;
  py_obj **fast;
  py_obj *locals;            /* dict: module and class bodies */
  py_obj *globals;
  struct lang_frame *back;
  uint64_t serial;
  int line;
  struct lang_gen *gen;      /* the generator running this frame */
  py_obj *retval;
} lang_frame;

/* ------------------------------------------------------------ generators */

enum { GEN_GENERATOR, GEN_COROUTINE, GEN_ASYNCGEN };
/* A host runs coroutines' frames on its own stack instead of theirs (a
 * Task's body: lang__coro_host): what they await goes out through suspend,
 * so one stack and no switch serve a whole await chain. The host itself
 * must not live on that stack (it is read while the frames are away). */
typedef struct lang_host lang_host;
struct lang_host {
  /* Hand v (stolen) out and wait: the value sent back in (new reference),
     or NULL with the exception thrown in set. */
  py_obj *(*suspend)(lang_host *h, py_obj *v);
  /* Unwind the suspended frames (coroutine.close()): 0, or -1 with an
     exception set. */
  int (*close)(lang_host *h);
  /* kept by the interpreter while hosting */
  struct lang_gen *gen;       /* the outermost coroutine */
  struct lang_frame *resumer; /* the frame current when this step began */
  int base_depth, h0;         /* recursion depth and handled count then */
  /* While suspended the frames may not be readable (the host's stack may
     be shared: rt_loop_share_stacks): what a repr needs is kept here. */
  bool suspended;
  int line;                   /* gen's frame's line, while suspended */
  py_obj *handled[8];         /* the exceptions being handled, meanwhile */
};

typedef struct lang_gen {
  py_obj ob;
  int kind;
  lang_func *func;
  py_obj **fast;             /* bound arguments (owned until started) */
  rt_coro *coro;
  bool started, running, finished;
  py_obj *transfer;          /* value yielded out / sent in */
  py_obj *throw_exc;         /* thrown in at the yield */
  py_obj *result;            /* return value when finished */
  bool failed;               /* finished with an exception (in exc) */
  py_obj *exc;
  lang_frame *frame;         /* while it lives on the coro stack */
  lang_frame *resumer;       /* the frame that resumed it */
  py_obj *yf;                /* the iterator of a yield from in progress */
  py_obj *name, *qualname;
  int resume_depth;          /* recursion depth when last resumed */
  bool yielded_value;        /* the last suspension was a `yield` (not an
                                await passing a value through): async
                                generators complete __anext__ with it */
  py_obj *hsave[8];          /* exceptions being handled at the yield */
  int nhsave;
  bool hooks_inited;         /* async generator: firstiter was consulted */
  py_obj *finalizer;         /* async generator: what firstiter returned */
  lang_host *host;           /* its frames live on this host's stack */
} lang_gen;
extern py_type lang_gen_type, lang_coro_type, lang_asyncgen_type, lang_asend_type;

/* sys.set_asyncgen_hooks, as asyncio's running loop sets them (NULL: no
 * hooks). Called with an async generator at its first __anext__, asend,
 * athrow or aclose; returns a new reference to the finalizer to call with
 * the generator when it is dropped unfinished (instead of closing it
 * there), or NULL. */
extern py_obj *(*lang__agen_firstiter)(py_obj *agen);

/* `await aw` for one of asyncio's own coroutines that can finish without
 * suspending (a queue's put with room, get with an item), as CPython's
 * coroutines return without a yield: sets *done and returns the result
 * (a new reference, or NULL with the exception set). Leaves *done false
 * when aw must be awaited the usual way. Installed by the asyncio module
 * (NULL: none). */
extern py_obj *(*lang__await_now)(py_obj *aw, bool *done);

/* ------------------------------------------------------------ interpreter */

struct lang_interp {
  lang_opts opts;
  py_obj *builtins;          /* dict */
  py_obj *modules;           /* dict: name -> module */
  py_obj *main_dict;
  py_obj *sys_mod;
  lang_prog **progs;
  size_t nprogs, capprogs;
  lang_frame *cur;           /* the innermost frame */
  uint64_t serial;
  uint64_t steps;
  py_obj **handled;          /* stack of exceptions being handled */
  int nhandled, caphandled;
  int depth;
  bool tracing;
  py_obj *exit_code;         /* SystemExit seen */
  py_obj *stdout_obj, *stderr_obj;
  int exit_status;
  py_obj *warned;            /* set: warnings already printed (registry) */
};

extern lang_interp *lang__ip;   /* the interpreter running now */

/* eval.c */
py_obj *lang__run_code(lang_prog *p, lang_code *c, py_obj *globals, py_obj *locals);
py_obj *lang__func_call(py_obj *callable, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames);
void lang__tb_here(lang_frame *f, const ast_pos *pos, bool force);
/* The caret anchors of the next traceback entry: kind (1 binary operator,
 * 2 subscript), then two character columns (see traceback.c). */
extern int lang__anchor[3];
int lang__eval_init(void);
void lang__eval_fini(void);
int lang__write(int stream, const char *s, size_t n);

/* Drive a coroutine (or generator) one step, as a task's __step does:
 * send value (NULL or None to start) or throw exc (stolen; NULL: none).
 * Returns what it yielded (new reference: for asyncio, the Future its
 * await chain is waiting on); NULL with an exception when it raised; NULL
 * without one when it returned, *result then being the return value (new
 * reference).
 *
 * For the asyncio binding: a task's rt_task coroutine calls this in a
 * loop; a yielded Future becomes rt_await() on the task's own stack, and
 * its result is sent back in. The interpreter state that belongs to a
 * running chain of frames (lang__ip->cur, the handled-exception stack, the
 * py_tstate recursion depth) is saved and restored around each resume here,
 * so tasks interleave safely as long as each switch goes through this call
 * (or repeats what gen_resume does). */
py_obj *lang__coro_send(py_obj *coro, py_obj *value, py_obj *exc, py_obj **result);
/* Whether coro can run hosted: a coroutine not started yet. */
bool lang__coro_hostable(py_obj *coro);
/* Run hostable coro to its end on this stack, hosted by h (h->suspend and
 * h->close set; the rest is filled in): NULL with *result set (new
 * reference) when it returned, NULL with an exception when it raised.
 * Coroutines it awaits that have not started run hosted too. */
py_obj *lang__coro_host(py_obj *coro, lang_host *h, py_obj **result);

/* builtins.c */
int lang__builtins_init(lang_interp *ip);
py_obj *lang__import(lang_interp *ip, py_obj *name);
int lang__builtins_types_init(void);
void lang__builtins_types_fini(void);
extern py_type lang_stream_type;

/* traceback.c: the text CPython prints for an uncaught exc. */
py_obj *lang__format_exception(py_obj *exc);
/* The closest str in list to name, CPython's "Did you mean" rule (borrowed; NULL: none). */
py_obj *lang__suggest(py_obj *list, py_obj *name);

#endif /* SIM_LANG_EVAL_INT_H */
