/* stack.c: coroutine stacks (slabs, guards, the pool) and the overflow handler.
 *
 * Layout. Stacks are carved from slabs: one mmap(MAP_NORESERVE) of up to
 * 64 MiB per slab, a header page, then equal slots of guard + stack:
 *
 *   slab: [header][guard|stack 0][guard|stack 1] ... [guard|stack n-1]
 *
 * so a million stacks cost a few thousand mappings, not a million
 * (vm.max_map_count is 65530; one mprotect guard per stack would split the
 * mapping and run out near 32,700 stacks). The kernel commits pages only
 * when they are touched, so an idle coroutine costs its top page (measured:
 * about 4,100 bytes of RSS per suspended rt_coro, whose struct lives in
 * that same page, at the top of its stack). Slabs are
 * marked MADV_NOHUGEPAGE: a huge page would make that 2 MiB.
 *
 * Guards. Where the kernel has MADV_GUARD_INSTALL (Linux >= 6.13) the guard
 * is a page-table marker that faults on access and costs no mapping; they
 * are installed in batches of 256 with process_madvise as slots are carved
 * (about 0.5 us a stack here, a third of what touching its first page
 * costs). Where
 * it does not, the first MPROTECT_MAX slots get PROT_NONE guard pages (two
 * mappings each) and later ones a canary below the stack, which
 * rt__stack_intact checks (coro.c checks it whenever a coroutine yields or
 * ends: late, and only if the overflow wrote it, but better than nothing).
 * The guard is 16 KiB: a single frame bigger than that (a huge local array)
 * can jump over it into the next stack down, as with any guard page; build
 * with -fstack-clash-protection to have such frames probe page by page.
 *
 * The pool. Released stacks go on a per-size free list, most recent first
 * (a hot stack is reused at once, its pages still mapped: a create-run-free
 * loop makes no system call). Once more than DIRTY_MAX released stacks wait
 * uncleaned, every page but their top one is handed back to the kernel with
 * MADV_DONTNEED, in one process_madvise call (about 0.3 us a stack here), so
 * a reused stack costs one page again. Free-list nodes live in the top page
 * of the free stack itself: the pool allocates nothing.
 *
 * Overflow. A SIGSEGV/SIGBUS handler on an alternate signal stack checks the
 * faulting address against the guard of rt__stack_cur (set by coro.c on
 * every switch) and, if it lies there, prints the task's name and exits.
 *
 * Segments. A stack that grows on demand (rt.h: rt_stack_call) takes its
 * segments from this pool too; coro.c makes each the watched stack while
 * it runs. rt_stack_left measures against rt__stack_limit, the low end of
 * the watched stack, or of the thread's own stack (learnt here, with
 * pthread_getattr_np, when the overflow handler is installed).
 *
 * Threads: the pool is shared by all threads under one lock (uncontended,
 * an acquire and a release cost about 10 ns together). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ctx_int.h"
#include "rt.h"

#if defined(COROSCOPE_ASAN)
#include <sanitizer/asan_interface.h>
#endif

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102   /* Linux 6.13 */
#endif
#ifndef PIDFD_SELF_THREAD_GROUP
#define PIDFD_SELF_THREAD_GROUP (-10001)   /* Linux 6.15: "this process" */
#endif

#define SLAB_BYTES   ((size_t)64 << 20)  /* target slab size */
#define SLAB_MIN_SLOTS 4
#define GUARD_BYTES  ((size_t)16 << 10)  /* 16 KiB: a big frame can skip a
                                            single page; markers are free */
#define GUARD_BATCH  256     /* slots guarded per process_madvise at carve */
#define DIRTY_MAX    64      /* released stacks kept uncleaned per class */
#define MPROTECT_MAX 8192    /* PROT_NONE guards before falling to canaries */
#define MAX_CLASSES  32
#define ALTSTACK_BYTES ((size_t)64 << 10)
#define MAX_STACK    ((size_t)64 << 30)  /* beyond this, RT_ENOMEM */

typedef struct slab slab;
typedef struct size_class size_class;

/* Lives in the slab's first page. */
struct slab {
  slab *next;          /* all slabs of all classes */
  size_class *cls;
  char *start;         /* the mapping */
  size_t bytes;
  char *slots;         /* first slot */
  size_t nslots, ncarved, nguarded;
  size_t nlive;        /* slots acquired and not released */
  size_t nmprotect;    /* slots with PROT_NONE guards */
};

/* A free stack's node, at the top of the stack itself. */
typedef struct free_node {
  struct free_node *next;
  rt_stack st;
} free_node;

struct size_class {
  size_t size;         /* usable bytes */
  size_t slot;         /* guard + size */
  int forced;          /* the forced guard kind, 0 = automatic */
  slab *carving;       /* slab with uncarved slots, or NULL */
  free_node *dirty;    /* released, pages still committed */
  size_t ndirty;
  free_node *clean;    /* released and cleaned: only the top page left */
  size_t nclean;
};

/* The pool's lock: a spinlock that yields the processor when it has to wait
 * (the holder may be in mmap or madvise). Uncontended, one atomic exchange
 * and a plain store: cheaper than a mutex's two atomic operations, which
 * showed in the create-run-free loop. */
static atomic_int pool_locked;

static void pool_lock(void) {
  while (atomic_exchange_explicit(&pool_locked, 1, memory_order_acquire)) {
    for (int spins = 0;
         atomic_load_explicit(&pool_locked, memory_order_relaxed); spins++)
      if (spins > 100) sched_yield();
  }
}

/* Process-wide set-up (the thread-exit key, the fork handler), once. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_process(void);

static void pool_unlock(void) {
  atomic_store_explicit(&pool_locked, 0, memory_order_release);
}
static size_t page_size;
static size_t nclasses;
static size_class classes[MAX_CLASSES];
static slab *slabs;
static size_t live_count, pooled_count, mprotect_count;
static int forced_guard;
/* MADV_GUARD_INSTALL: 0 unknown, 1 works, -1 not supported. */
static int guard_madv_ok;
/* process_madvise(PIDFD_SELF_THREAD_GROUP): 0 unknown, 1 works, -1 not. */
static int pmadv_ok;


/* madvise every range in iov with advice: one process_madvise call where
 * the kernel lets a process advise itself so, one madvise each otherwise.
 * Returns 0, or -1 with errno from the first failing range. */
static int madvise_batch(struct iovec *iov, size_t n, int advice) {
  size_t done = 0;
  if (pmadv_ok >= 0) {
    while (done < n) {
      size_t k = n - done < 1024 ? n - done : 1024;  /* UIO_MAXIOV */
      size_t want = 0;
      for (size_t i = 0; i < k; i++) want += iov[done + i].iov_len;
      long r = syscall(SYS_process_madvise, PIDFD_SELF_THREAD_GROUP,
                       iov + done, k, advice, 0);
      if (r < 0 || (size_t)r != want) {
        if (r < 0 && errno != EINVAL && errno != EBADF && errno != ENOSYS &&
            errno != EPERM && errno != ESRCH)
          return -1;
        /* Not supported this way (or partial): finish one by one. */
        if (pmadv_ok == 0) pmadv_ok = -1;
        break;
      }
      pmadv_ok = 1;
      done += k;
    }
  }
  for (; done < n; done++)
    if (madvise(iov[done].iov_base, iov[done].iov_len, advice) != 0)
      return -1;
  return 0;
}

/* to is a power of two (a page size): a mask, not a division (a 64-bit
 * divide cost a third of an acquire). */
static size_t round_up(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }

static size_class *class_for(size_t size) {
  for (size_t i = 0; i < nclasses; i++)
    if (classes[i].size == size && classes[i].forced == forced_guard)
      return &classes[i];
  if (nclasses == MAX_CLASSES) {
    /* Reuse a class that holds nothing, else give up (a program using more
     * than 32 stack sizes at once is not what this pool is for). */
    for (size_t i = 0; i < nclasses; i++) {
      size_class *c = &classes[i];
      bool used = c->dirty || c->clean || c->carving;
      for (slab *s = slabs; s && !used; s = s->next) used = s->cls == c;
      if (!used) {
        memset(c, 0, sizeof *c);
        c->size = size;
        c->slot = GUARD_BYTES + size;
        c->forced = forced_guard;
        return c;
      }
    }
    return NULL;
  }
  size_class *c = &classes[nclasses++];
  memset(c, 0, sizeof *c);
  c->size = size;
  c->slot = GUARD_BYTES + size;
  c->forced = forced_guard;
  return c;
}

static slab *slab_new(size_class *c) {
  size_t nslots = SLAB_BYTES / c->slot;
  if (nslots < SLAB_MIN_SLOTS) nslots = SLAB_MIN_SLOTS;
  size_t bytes = page_size + nslots * c->slot;
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return NULL;
  /* Transparent huge pages would turn a stack's one touched page into 2 MiB
   * of RSS; a single call for the whole slab, no mapping split. */
  (void)madvise(p, bytes, MADV_NOHUGEPAGE);
  slab *s = p;
  memset(s, 0, sizeof *s);
  s->cls = c;
  s->start = p;
  s->bytes = bytes;
  s->slots = (char *)p + page_size;
  s->nslots = nslots;
  s->next = slabs;
  slabs = s;
  return s;
}

/* Install MADV_GUARD_INSTALL guards for the next batch of s's slots. */
static void guard_batch(slab *s) {
  struct iovec iov[GUARD_BATCH];
  size_t n = 0;
  while (n < GUARD_BATCH && s->nguarded + n < s->nslots) {
    iov[n].iov_base = s->slots + (s->nguarded + n) * s->cls->slot;
    iov[n].iov_len = GUARD_BYTES;
    n++;
  }
  if (madvise_batch(iov, n, MADV_GUARD_INSTALL) == 0) {
    guard_madv_ok = 1;
    s->nguarded += n;
  } else if (errno == EINVAL) {
    guard_madv_ok = -1;  /* this kernel has no guard markers */
  }  /* else (ENOMEM...): these slots fall back, later ones try again */
}

static void stack_from_slot(slab *s, size_t i, rt_stack *st) {
  char *base = s->slots + i * s->cls->slot;
  st->base = base;
  st->reserved = s->cls->slot;
  st->lo = base + GUARD_BYTES;
  st->hi = base + s->cls->slot;
  st->size = s->cls->size;
  st->pool = s;
  st->guard = 0;
  st->label_no = 0;
}

static uint64_t canary_of(const rt_stack *s) {
  return 0x5afec0de5afec0deull ^ (uint64_t)(uintptr_t)s->lo;
}

static void canary_set(const rt_stack *s) {
  uint64_t *w = (uint64_t *)s->lo - 2;
  w[0] = w[1] = canary_of(s);
}

/* Carve a fresh slot and give it a guard. Called with the lock held. */
static int carve(size_class *c, rt_stack *out) {
  slab *s = c->carving;
  if (!s || s->ncarved == s->nslots) {
    s = slab_new(c);
    if (!s) return RT_ENOMEM;
    c->carving = s;
  }
  size_t i = s->ncarved++;
  if (s->ncarved == s->nslots) c->carving = NULL;
  stack_from_slot(s, i, out);
  int want = c->forced;
  if ((want == 0 || want == RT_GUARD_MADV) && guard_madv_ok >= 0) {
    if (i >= s->nguarded) guard_batch(s);
    if (i < s->nguarded) {
      out->guard = RT_GUARD_MADV;
      return RT_OK;
    }
  }
  if ((want == 0 || want == RT_GUARD_MPROTECT) &&
      mprotect_count < MPROTECT_MAX &&
      mprotect(out->base, GUARD_BYTES, PROT_NONE) == 0) {
    mprotect_count++;
    s->nmprotect++;
    out->guard = RT_GUARD_MPROTECT;
    return RT_OK;
  }
  out->guard = RT_GUARD_CANARY;
  return RT_OK;
}

/* Hand back every page of the dirty stacks but their top one. Called with
 * the lock held; moves them to the clean list. */
static void clean_dirty(size_class *c) {
  struct iovec iov[DIRTY_MAX + 1];
  size_t n = 0;
  free_node *last = NULL;
  for (free_node *f = c->dirty; f; f = f->next) {
    iov[n].iov_base = f->st.lo;
    iov[n].iov_len = f->st.size - page_size;  /* keep the node's page */
    n++;
    last = f;
  }
  if (n > 0 && iov[0].iov_len > 0) (void)madvise_batch(iov, n, MADV_DONTNEED);
  if (last) {
    last->next = c->clean;
    c->clean = c->dirty;
    c->nclean += c->ndirty;
  }
  c->dirty = NULL;
  c->ndirty = 0;
}

int rt__stack_acquire(size_t size, rt_stack *out) {
  int rc = RT_OK;
  if (size > MAX_STACK) return RT_ENOMEM;
  pool_lock();
  if (page_size == 0) {
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    pthread_once(&init_once, init_process);
  }
  size = round_up(size < 2 * page_size ? 2 * page_size : size, page_size);
  size_class *c = class_for(size);
  if (!c) {
    rc = RT_ENOMEM;
    goto done;
  }
  free_node *f = c->dirty;
  if (f) {
    c->dirty = f->next;
    c->ndirty--;
  } else if ((f = c->clean) != NULL) {
    c->clean = f->next;
    c->nclean--;
  }
  if (f) {
    *out = f->st;
    pooled_count--;
  } else {
    rc = carve(c, out);
    if (rc != RT_OK) goto done;
  }
  ((slab *)out->pool)->nlive++;
  live_count++;
  if (out->guard == RT_GUARD_CANARY) canary_set(out);
done:
  pool_unlock();
  return rc;
}

void rt__stack_release(rt_stack *s) {
  if (!s || !s->pool) return;
  /* A coroutine freed while suspended leaves its frames' redzones
   * poisoned: the stack's next user must not trip on them. */
  rt__asan_unpoison(s->lo, s->size);
  slab *sl = s->pool;
  size_class *c = sl->cls;
  free_node *f = (free_node *)((char *)s->hi - sizeof(free_node));
  pool_lock();
  f->st = *s;
  f->next = c->dirty;
  c->dirty = f;
  c->ndirty++;
  pooled_count++;
  sl->nlive--;
  live_count--;
  if (c->ndirty > DIRTY_MAX) clean_dirty(c);
  pool_unlock();
  s->pool = NULL;
}

int rt__stack_intact(const rt_stack *s) {
  if (s->guard != RT_GUARD_CANARY) return 1;
  const uint64_t *w = (const uint64_t *)s->lo - 2;
  return w[0] == canary_of(s) && w[1] == canary_of(s);
}

/* Drop from a free list every node whose slab is about to be unmapped. */
static void prune(free_node **head, size_t *count) {
  while (*head) {
    free_node *f = *head;
    if (((slab *)f->st.pool)->nlive == 0) {
      *head = f->next;
      (*count)--;
      pooled_count--;
    } else {
      head = &f->next;
    }
  }
}

void rt__stack_pool_drain(void) {
  pool_lock();
  for (size_t i = 0; i < nclasses; i++) {
    size_class *c = &classes[i];
    prune(&c->dirty, &c->ndirty);
    prune(&c->clean, &c->nclean);
    if (c->carving && c->carving->nlive == 0) c->carving = NULL;
  }
  for (slab **p = &slabs; *p;) {
    slab *s = *p;
    if (s->nlive == 0) {
      *p = s->next;
      mprotect_count -= s->nmprotect;
      rt__asan_unpoison(s->start, s->bytes);
      munmap(s->start, s->bytes);
    } else {
      p = &s->next;
    }
  }
  /* Forget size classes with nothing left, so tests start from scratch. */
  size_t k = 0;
  for (size_t i = 0; i < nclasses; i++) {
    size_class *c = &classes[i];
    bool used = c->dirty || c->clean || c->carving;
    for (slab *s = slabs; s && !used; s = s->next) used = s->cls == c;
    if (used) {
      if (k != i) {
        /* Slabs point at their class: move them along. */
        classes[k] = *c;
        for (slab *s = slabs; s; s = s->next)
          if (s->cls == c) s->cls = &classes[k];
      }
      k++;
    }
  }
  nclasses = k;
  pool_unlock();
}

void rt__stack_force_guard(int guard) {
  pool_lock();
  forced_guard = guard;
  pool_unlock();
}

size_t rt__stack_live_count(void) {
  pool_lock();
  size_t n = live_count;
  pool_unlock();
  return n;
}

size_t rt__stack_pooled_count(void) {
  pool_lock();
  size_t n = pooled_count;
  pool_unlock();
  return n;
}

/* ----------------------------------------------------------- overflow */

static struct sigaction old_segv, old_bus;
static int init_rc;
static pthread_key_t altstack_key;
static atomic_int install_locked;
static bool handler_ok;   /* under install_locked: ours is installed */
static _Thread_local bool altstack_ready;

static void put(char *buf, size_t *n, size_t cap, const char *s) {
  while (*s && *n < cap) buf[(*n)++] = *s++;
}

void rt__stack_overflow_die(const char *task_name) {
  char buf[512];
  size_t n = 0;
  const char *name = task_name ? task_name : "(unnamed)";
  put(buf, &n, sizeof buf, "coroscope: stack overflow in task ");
  size_t len = strlen(name);
  if (n + len + 1 <= sizeof buf) {
    put(buf, &n, sizeof buf, name);
    buf[n++] = '\n';
    (void)!write(STDERR_FILENO, buf, n);
  } else {  /* a very long name: three writes rather than a cut name */
    (void)!write(STDERR_FILENO, buf, n);
    (void)!write(STDERR_FILENO, name, len);
    (void)!write(STDERR_FILENO, "\n", 1);
  }
  _exit(134);
}

void rt__stack_overflow_die_on(const rt_stack *s, const char *task_name) {
  char buf[16];  /* "Task-4294967295" */
  if (!task_name && s && s->label_no) {
    char digits[10];
    size_t n = 0, k = 0;
    uint32_t v = s->label_no;
    do digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    memcpy(buf, "Task-", 5);
    for (k = 0; k < n; k++) buf[5 + k] = digits[n - 1 - k];
    buf[5 + n] = '\0';
    task_name = buf;
  }
  rt__stack_overflow_die(task_name);
}

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  const rt_stack *s = rt__stack_cur;
  uintptr_t a = (uintptr_t)si->si_addr;
  if (s && s->guard != RT_GUARD_CANARY && a >= (uintptr_t)s->base &&
      a < (uintptr_t)s->lo)
    rt__stack_overflow_die_on(s, rt__stack_cur_name);
  /* Not ours: put back what was there before us (the default action, or a
   * sanitizer's handler) and let the fault happen again under it. A signal
   * sent with kill() would not recur by itself: send it again. */
  sigaction(sig, sig == SIGSEGV ? &old_segv : &old_bus, NULL);
  if (si->si_code <= 0) raise(sig);
}

static void altstack_free(void *p) {
  stack_t ss = {.ss_flags = SS_DISABLE};
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == p) sigaltstack(&ss, NULL);
  munmap(p, ALTSTACK_BYTES);
}

/* In the child of a fork only the forking thread lives on: locks held by
 * others would never be released, and the child may have replaced our
 * handler before its first coroutine (a test framework does), so it checks
 * again at its next first resume. */
static void after_fork_child(void) {
  atomic_store(&pool_locked, 0);
  atomic_store(&install_locked, 0);
  handler_ok = false;
  altstack_ready = false;
}

static void init_process(void) {
  if (pthread_key_create(&altstack_key, altstack_free) != 0 ||
      pthread_atfork(NULL, NULL, after_fork_child) != 0)
    init_rc = RT_ESYS;
}

/* Install on_fault for SIGSEGV and SIGBUS unless it is already there,
 * keeping what was there for the faults that are not overflows. */
static int install_handler(void) {
  int rc = RT_OK;
  while (atomic_exchange_explicit(&install_locked, 1, memory_order_acquire))
    sched_yield();
  if (!handler_ok) {
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) != 0) {
      rc = RT_ESYS;
    } else if (!(cur.sa_flags & SA_SIGINFO) || cur.sa_sigaction != on_fault) {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_sigaction = on_fault;
      sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset(&sa.sa_mask);
      if (sigaction(SIGSEGV, &sa, &old_segv) != 0 ||
          sigaction(SIGBUS, &sa, &old_bus) != 0)
        rc = RT_ESYS;
    }
    handler_ok = rc == RT_OK;
  }
  atomic_store_explicit(&install_locked, 0, memory_order_release);
  return rc;
}

/* Learn the low end of the calling thread's own stack, for rt_stack_left
 * (rt.h) while the thread runs there. */
static void thread_bounds(void) {
  pthread_attr_t a;
  void *lo;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &a) != 0) return;
  if (pthread_attr_getstack(&a, &lo, &size) == 0) {
    rt__stack_thread_lo = lo;
    if (!rt__stack_cur) rt__stack_limit = lo;
  }
  pthread_attr_destroy(&a);
}

int rt__stack_install_overflow_handler(void) {
  if (altstack_ready) return RT_OK;
  pthread_once(&init_once, init_process);
  if (init_rc != RT_OK) return init_rc;
  int rc = install_handler();
  if (rc != RT_OK) return rc;
  thread_bounds();
  stack_t cur;
  if (sigaltstack(NULL, &cur) != 0) return RT_ESYS;
  if ((cur.ss_flags & SS_DISABLE) || cur.ss_size < 16384) {
    /* Our own alternate stack, unmapped when the thread exits. */
    void *p = mmap(NULL, ALTSTACK_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return RT_ESYS;
    stack_t ss = {.ss_sp = p, .ss_size = ALTSTACK_BYTES, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) {
      munmap(p, ALTSTACK_BYTES);
      return RT_ESYS;
    }
    pthread_setspecific(altstack_key, p);
  }
  altstack_ready = true;
  return RT_OK;
}
