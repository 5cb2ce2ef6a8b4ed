/* interp.c: the public API of the language: interpreter life cycle, running a script, exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval_int.h"
#include "mod_asyncio.h"
#include "threads_int.h"

static void out(lang_interp *ip, int stream, const char *s, size_t n) {
  if (ip->opts.output && n) ip->opts.output(ip->opts.ud, stream, s, n);
}

lang_interp *lang_interp_new(const lang_opts *opts) {
  if (lang__ip) return NULL;
  lang_interp *ip = rt_calloc(1, sizeof *ip);
  if (!ip) return NULL;
  if (opts) ip->opts = *opts;
  if (!ip->opts.max_steps) ip->opts.max_steps = LANG_DEFAULT_MAX_STEPS;
  if (py_init() < 0) { rt_free(ip); return NULL; }
  lang__ip = ip;
  if (lang__threads_init(ip) < 0) goto fail;
  if (lang__eval_init() < 0 || lang__builtins_types_init() < 0 || lang__builtins_init(ip) < 0)
    goto fail;
  py_mem_set_limit(ip->opts.mem_limit ? ip->opts.mem_limit : PY_MEM_DEFAULT_LIMIT);
  py_set_recursion_limit(ip->opts.recursion_limit > 0 ? ip->opts.recursion_limit : 1000);
  ip->main_dict = py_dict_new();
  if (!ip->main_dict) goto fail;
  py_obj *n = py_str_from_cstr("__main__");
  if (!n || py_dict_set(ip->main_dict, PY_ID(__name__), n) < 0) { py_xdecref(n); goto fail; }
  py_decref(n);
  if (py_dict_set(ip->main_dict, PY_ID(__doc__), py_None) < 0) goto fail;
  return ip;
fail:
  py_err_clear();
  lang_interp_free(ip);
  return NULL;
}

void lang_interp_free(lang_interp *ip) {
  if (!ip) return;
  lang__threads_shutdown();   /* threading._shutdown: join what still runs */
  py_err_clear();
  while (ip->nhandled > 0) py_xdecref(ip->handled[--ip->nhandled]);
  if (ip->main_dict) py_dict_clear(ip->main_dict);
  if (ip->modules) py_dict_clear(ip->modules);
  PY_CLEAR(ip->main_dict);
  PY_CLEAR(ip->modules);
  PY_CLEAR(ip->builtins);
  PY_CLEAR(ip->stdout_obj);
  PY_CLEAR(ip->stderr_obj);
  PY_CLEAR(ip->exit_code);
  py_gc_collect();
  py_gc_collect();
  for (size_t i = 0; i < ip->nprogs; i++) lang__prog_free(ip->progs[i]);
  rt_free(ip->progs);
  py_gc_collect();
  PY_CLEAR(ip->warned);
  while (ip->nhandled > 0) py_xdecref(ip->handled[--ip->nhandled]);
  rt_free(ip->handled);
  ip->handled = NULL;
  lang__threads_fini();
  lang__asyncio_fini();
  lang__builtins_types_fini();
  lang__eval_fini();
  py_shutdown();
  lang__ip = NULL;
  rt_free(ip);
}

typedef struct diag_ctx {
  lang_interp *ip;
} diag_ctx;

static void on_diag(void *ud, const lang_diag *d) {
  diag_ctx *c = ud;
  char small[1024];
  int n = lang_diag_format(d, small, sizeof small);
  if (n < 0) return;
  if ((size_t)n < sizeof small) { out(c->ip, 2, small, (size_t)n); return; }
  char *big = rt_malloc((size_t)n + 1);
  if (!big) return;
  lang_diag_format(d, big, (size_t)n + 1);
  out(c->ip, 2, big, (size_t)n);
  rt_free(big);
}

static bool add_prog(lang_interp *ip, lang_prog *p) {
  if (ip->nprogs >= ip->capprogs) {
    size_t nc = ip->capprogs ? ip->capprogs * 2 : 4;
    lang_prog **np = rt_realloc(ip->progs, nc * sizeof *np);
    if (!np) return false;
    ip->progs = np;
    ip->capprogs = nc;
  }
  ip->progs[ip->nprogs++] = p;
  return true;
}

static void index_lines(lang_prog *p, const char *src, size_t len) {
  p->src = rt_malloc(len + 1);
  if (!p->src) return;
  memcpy(p->src, src, len);
  p->src[len] = 0;
  p->srclen = len;
  int n = 1;
  for (size_t i = 0; i < len; i++)
    if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'))) n++;
  p->lines = rt_malloc((size_t)n * sizeof *p->lines);
  if (!p->lines) return;
  int k = 0;
  p->lines[k++] = p->src;
  for (size_t i = 0; i < len && k < n; i++)
    if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n')))
      p->lines[k++] = p->src + i + 1;
  p->nlines = k;
  /* a UTF-8 BOM is not part of line 1 */
  if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) p->lines[0] += 3;
}

/* Print an uncaught exception as CPython does; returns the exit status. */
static int report(lang_interp *ip, py_obj *exc) {
  if (py_isinstance(exc, &py_exc_SystemExit)) {
    py_obj *args = py_exc_args(exc);
    py_obj *code = args && py_tuple_len(args) > 0 ? py_tuple_get(args, 0) : py_None;
    if (args && py_tuple_len(args) > 1) code = args;
    if (code == py_None) return 0;
    if (py_int_check(code)) return (int)(py_int_value(code) & 0xff);
    py_obj *s = py_str(code);
    if (s) {
      out(ip, 2, py_str_utf8(s), (size_t)py_str_size(s));
      out(ip, 2, "\n", 1);
      py_decref(s);
    }
    py_err_clear();
    return 1;
  }
  /* the cap may be what ended the script: lift it to print the traceback */
  size_t cap = py_mem_limit();
  py_mem_set_limit(0);
  py_obj *text = lang__format_exception(exc);
  py_mem_set_limit(cap);
  if (text) {
    out(ip, 2, py_str_utf8(text), (size_t)py_str_size(text));
    py_decref(text);
  } else {
    static const char msg[] = "coroscope: out of memory while printing a traceback\n";
    out(ip, 2, msg, sizeof msg - 1);
  }
  py_err_clear();
  return 1;
}

int lang_run(lang_interp *ip, const char *filename, const char *src, size_t len) {
  diag_ctx dc = {ip};
  lang_parse_opts po = {filename, on_diag, &dc};
  ast_module *mod = NULL;
  int rc = lang_parse(src, len, &po, &mod);
  if (rc == LANG_ENOMEM) { ip->exit_status = 1; return LANG_RUN_NOMEM; }
  if (rc != LANG_OK) { ip->exit_status = 1; return LANG_RUN_SYNTAX; }
  lang_prog *prog = NULL;
  if (lang__compile(mod, &prog) < 0) {
    ast_module_free(mod);   /* a failed compile leaves the module to us */
    py_obj *e = py_err_fetch();
    ip->exit_status = 1;
    if (e) { report(ip, e); py_decref(e); }
    return LANG_RUN_ERROR;
  }
  index_lines(prog, src, len);
  if (!add_prog(ip, prog)) { lang__prog_free(prog); ip->exit_status = 1; return LANG_RUN_NOMEM; }
  ip->tracing = rt_trace_enabled();  /* once per run: line and output events */
  ip->steps = 0;
  PY_CLEAR(ip->exit_code);
  py_obj *r = lang__run_code(prog, prog->main, ip->main_dict, ip->main_dict);
  if (r) {
    py_decref(r);
    ip->exit_status = 0;
    return LANG_RUN_OK;
  }
  py_obj *exc = py_err_fetch();
  if (!exc) {
    ip->exit_status = 1;
    static const char msg[] = "SystemError: error return without exception set\n";
    out(ip, 2, msg, sizeof msg - 1);
    return LANG_RUN_ERROR;
  }
  bool is_exit = py_isinstance(exc, &py_exc_SystemExit);
  ip->exit_status = report(ip, exc);
  py_decref(exc);
  return is_exit ? LANG_RUN_EXIT : LANG_RUN_ERROR;
}

int lang_run_file(lang_interp *ip, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    char msg[512];
    int n = snprintf(msg, sizeof msg, "coroscope: can't open file '%s'\n", path);
    out(ip, 2, msg, (size_t)n);
    ip->exit_status = 2;
    return LANG_RUN_ERROR;
  }
  size_t cap = 1 << 16, len = 0;
  char *buf = rt_malloc(cap);
  while (buf) {
    size_t got = fread(buf + len, 1, cap - len, fp);
    len += got;
    if (len < cap) break;
    char *nb = rt_realloc(buf, cap * 2);
    if (!nb) { rt_free(buf); buf = NULL; break; }
    buf = nb;
    cap *= 2;
  }
  fclose(fp);
  if (!buf) { ip->exit_status = 1; return LANG_RUN_NOMEM; }
  /* CPython 3.11 shows the main script's absolute path */
  char *abs = NULL;
  if (path[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
      size_t n = strlen(cwd) + strlen(path) + 2;
      abs = rt_malloc(n);
      if (abs) {
        const char *p = path;
        while (p[0] == '.' && p[1] == '/') p += 2;
        snprintf(abs, n, "%s/%s", cwd, p);
      }
    }
  }
  int r = lang_run(ip, abs ? abs : path, buf, len);
  rt_free(abs);
  rt_free(buf);
  return r;
}

int lang_exit_status(const lang_interp *ip) { return ip->exit_status; }

uint64_t lang_steps(const lang_interp *ip) { return ip->steps; }
