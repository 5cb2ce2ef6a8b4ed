/* obj_dict.c: dict: CPython's compact, insertion-ordered hash table (an
 * index array probing into a dense entry array), its views and iterators. */
#include "object_int.h"

/* The table: (1 << log2size) int32 slots, then `usable` entries. A slot
 * holds an entry index, EMPTY or DUMMY (deleted). */
#define EMPTY (-1)
#define DUMMY (-2)
#define MINSIZE 8
#define USABLE(size) (((size) << 1) / 3)
#define PERTURB_SHIFT 5

static size_t table_bytes(int log2size, py_ssize_t usable) {
  return ((size_t)1 << log2size) * sizeof(int32_t) + (size_t)usable * sizeof(py_dict_entry);
}

/* The block's size follows from the index size alone (entries + usable
 * can shrink: popitem takes an entry back without its room). */
static size_t dict_table_bytes(py_dict *d) {
  return d->indices ? table_bytes(d->log2size, USABLE((py_ssize_t)1 << d->log2size)) : 0;
}

/* The last version handed out: every change of any dict takes the next
 * one, so a (version) seen on a dict names one state of one dict (a cache
 * keyed by it cannot mistake another dict, or this one later, for it). 0
 * is never handed out: a dict never changed has no items anyway. */
uint64_t py__dict_version;

static inline void keys_changed(py_dict *d) {
  d->version = d->keys_version = ++py__dict_version;
}

#define DICT_FL_MAX 80
static py_dict *dict_fl[DICT_FL_MAX];
static int dict_fl_n;

py_obj *py_dict_new(void) {
  py_dict *d;
  if (dict_fl_n > 0) {
    d = dict_fl[--dict_fl_n];
    d->ob.refcnt = 1;
    py__gc_link(&d->ob);
  } else {
    d = (py_dict *)py_obj_alloc(&py_dict_type, sizeof(py_dict));
    if (!d) return NULL;
  }
  d->used = d->nentries = d->usable = 0;
  d->log2size = 0;
  d->indices = NULL;
  d->entries = NULL;
  keys_changed(d);
  return &d->ob;
}

void py__dict_fini(void) {
  while (dict_fl_n > 0) py__gc_free_unlinked(&dict_fl[--dict_fl_n]->ob, sizeof(py_dict));
}

static inline int32_t *slots(py_dict *d) { return (int32_t *)d->indices; }

static inline py_hash_t key_hash(py_obj *key) {
  if (key->type == &py_str_type) {
    py_hash_t h = ((py_strobj *)key)->hash;
    return h != -1 ? h : py__str_hash(key);
  }
  return py_hash(key);
}

/* The entry index of key, or -1 (not found), or -2 (error). *slotp gets
 * the slot that holds it (or the first free one on the probe path). */
static py_ssize_t lookup(py_dict *d, py_obj *key, py_hash_t hash, size_t *slotp) {
  if (!d->indices) return -1;
  int32_t *ix = slots(d);
restart:;
  size_t mask = ((size_t)1 << d->log2size) - 1;
  size_t i = (size_t)hash & mask, perturb = (size_t)hash;
  bool str_key = key->type == &py_str_type;
  for (;;) {
    int32_t e = ix[i];
    if (e == EMPTY) {
      if (slotp) *slotp = i;
      return -1;
    }
    if (e >= 0) {
      py_dict_entry *ep = &d->entries[e];
      if (ep->key == key) {
        if (slotp) *slotp = i;
        return e;
      }
      if (ep->hash == hash) {
        if (str_key && ep->key->type == &py_str_type) {
          if (py_str_eq(ep->key, key)) {
            if (slotp) *slotp = i;
            return e;
          }
        } else {
          py_obj *sk = py_newref(ep->key);
          void *tab = d->indices;
          int cmp = py_richcompare_bool(sk, key, PY_EQ);
          py_decref(sk);
          if (cmp < 0) return -2;
          if (tab != d->indices || d->entries[e].key != sk) {
            ix = slots(d);
            if (!ix) return -1;
            goto restart;   /* __eq__ changed the dict */
          }
          if (cmp) {
            if (slotp) *slotp = i;
            return e;
          }
        }
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/* A free slot for a key known to be absent (no dummies in new tables). */
static size_t find_empty_slot(py_dict *d, py_hash_t hash) {
  int32_t *ix = slots(d);
  size_t mask = ((size_t)1 << d->log2size) - 1;
  size_t i = (size_t)hash & mask, perturb = (size_t)hash;
  while (ix[i] != EMPTY) {
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

/* Rebuild with an index table of at least min_size slots (a power of
 * two, 8 or more), compacting the entries. */
static int dict_resize(py_dict *d, py_ssize_t min_size) {
  int log2 = 3;
  while (((py_ssize_t)1 << log2) < min_size) log2++;
  if (log2 > 30) {
    py_err_no_memory();
    return -1;
  }
  py_ssize_t size = (py_ssize_t)1 << log2, usable = USABLE(size);
  void *tab = py_mem_alloc(table_bytes(log2, usable));
  if (!tab) return -1;
  memset(tab, 0xff, (size_t)size * sizeof(int32_t));
  py_dict_entry *ne = (py_dict_entry *)((int32_t *)tab + size);
  py_ssize_t k = 0;
  for (py_ssize_t i = 0; i < d->nentries; i++)
    if (d->entries[i].key) ne[k++] = d->entries[i];
  size_t old_bytes = dict_table_bytes(d);
  void *old = d->indices;
  d->indices = tab;
  d->entries = ne;
  d->log2size = (uint8_t)log2;
  d->nentries = k;
  d->usable = usable - k;
  keys_changed(d);
  int32_t *ix = slots(d);
  for (py_ssize_t i = 0; i < k; i++) ix[find_empty_slot(d, ne[i].hash)] = (int32_t)i;
  py_mem_free(old, old_bytes);
  return 0;
}

py_ssize_t py__dict_index(py_obj *o, py_obj *key, py_hash_t hash) {
  py_ssize_t e = lookup((py_dict *)o, key, hash, NULL);
  return e >= 0 ? e : -1;
}

void py__dict_replace_at(py_obj *o, py_ssize_t e, py_obj *value) {
  py_dict *d = (py_dict *)o;
  py_obj *old = d->entries[e].value;
  d->entries[e].value = py_newref(value);
  d->version = ++py__dict_version;
  py_decref(old);
}

py_obj *py__dict_get_hashed(py_obj *o, py_obj *key, py_hash_t hash) {
  py_dict *d = (py_dict *)o;
  py_ssize_t e = lookup(d, key, hash, NULL);
  return e >= 0 ? d->entries[e].value : NULL;
}

py_obj *py_dict_get_known(py_obj *o, py_obj *key, py_hash_t hash) {
  return py__dict_get_hashed(o, key, hash);
}

py_obj *py_dict_get(py_obj *o, py_obj *key) {
  py_hash_t h = key_hash(key);
  if (h == -1) return NULL;
  return py__dict_get_hashed(o, key, h);
}

py_obj *py_dict_get_str(py_obj *o, const char *key) {
  py_obj *k = py_str_from_cstr(key);
  if (!k) return NULL;
  py_obj *v = py_dict_get(o, k);
  py_decref(k);
  return v;
}

int py__dict_set_hashed(py_obj *o, py_obj *key, py_hash_t hash, py_obj *value) {
  py_dict *d = (py_dict *)o;
  size_t slot = 0;
  py_ssize_t e = lookup(d, key, hash, &slot);
  if (e == -2) return -1;
  if (e >= 0) {
    py_obj *old = d->entries[e].value;
    d->entries[e].value = py_newref(value);
    d->version = ++py__dict_version;
    py_decref(old);
    return 0;
  }
  if (d->usable <= 0) {
    /* CPython's GROWTH_RATE: room for used * 3 */
    if (dict_resize(d, d->used * 3) < 0) return -1;
    slot = find_empty_slot(d, hash);
  } else {
    /* lookup stopped at an EMPTY slot; an earlier DUMMY is not reused, as
     * in CPython (deleted slots only go away on resize) */
  }
  py_ssize_t idx = d->nentries++;
  d->usable--;
  d->entries[idx].hash = hash;
  d->entries[idx].key = py_newref(key);
  d->entries[idx].value = py_newref(value);
  slots(d)[slot] = (int32_t)idx;
  d->used++;
  keys_changed(d);
  return 0;
}

int py_dict_set(py_obj *o, py_obj *key, py_obj *value) {
  py_hash_t h = key_hash(key);
  if (h == -1) return -1;
  return py__dict_set_hashed(o, key, h, value);
}

int py_dict_set_str(py_obj *o, const char *key, py_obj *value) {
  py_obj *k = py_intern_cstr(key);
  if (!k) return -1;
  int r = py_dict_set(o, k, value);
  py_decref(k);
  return r;
}

/* Remove entry e at slot; returns the old key and value (references). */
static void del_entry(py_dict *d, size_t slot, py_ssize_t e, py_obj **k, py_obj **v) {
  slots(d)[slot] = DUMMY;
  *k = d->entries[e].key;
  *v = d->entries[e].value;
  d->entries[e].key = NULL;
  d->entries[e].value = NULL;
  d->used--;
  keys_changed(d);
}

static int dict_del_hashed(py_dict *d, py_obj *key, py_hash_t hash, bool raise) {
  size_t slot;
  py_ssize_t e = lookup(d, key, hash, &slot);
  if (e == -2) return -1;
  if (e < 0) {
    if (raise) py_err_set_obj(&py_exc_KeyError, key);
    return raise ? -1 : 0;
  }
  py_obj *k, *v;
  del_entry(d, slot, e, &k, &v);
  py_decref(k);
  py_decref(v);
  return 1;
}

int py_dict_del(py_obj *o, py_obj *key) {
  py_hash_t h = key_hash(key);
  if (h == -1) return -1;
  return dict_del_hashed((py_dict *)o, key, h, true) < 0 ? -1 : 0;
}

py_obj *py_dict_pop(py_obj *o, py_obj *key, py_obj *dflt) {
  py_dict *d = (py_dict *)o;
  py_hash_t h = key_hash(key);
  if (h == -1) return NULL;
  size_t slot;
  py_ssize_t e = lookup(d, key, h, &slot);
  if (e == -2) return NULL;
  if (e < 0) {
    if (dflt) return py_newref(dflt);
    return py_err_set_obj(&py_exc_KeyError, key);
  }
  py_obj *k, *v;
  del_entry(d, slot, e, &k, &v);
  py_decref(k);
  return v;
}

int py_dict_contains(py_obj *o, py_obj *key) {
  py_hash_t h = key_hash(key);
  if (h == -1) return -1;
  py_ssize_t e = lookup((py_dict *)o, key, h, NULL);
  return e == -2 ? -1 : e >= 0;
}

bool py__dict_next_hashed(py_obj *o, py_ssize_t *pos, py_obj **key,
                          py_obj **value, py_hash_t *hash) {
  py_dict *d = (py_dict *)o;
  py_ssize_t i = *pos;
  while (i < d->nentries && !d->entries[i].key) i++;
  if (i >= d->nentries) return false;
  if (key) *key = d->entries[i].key;
  if (value) *value = d->entries[i].value;
  if (hash) *hash = d->entries[i].hash;
  *pos = i + 1;
  return true;
}

bool py_dict_next(py_obj *o, py_ssize_t *pos, py_obj **key, py_obj **value) {
  return py__dict_next_hashed(o, pos, key, value, NULL);
}

void py_dict_clear(py_obj *o) {
  py_dict *d = (py_dict *)o;
  void *tab = d->indices;
  size_t bytes = dict_table_bytes(d);
  py_dict_entry *ents = d->entries;
  py_ssize_t n = d->nentries;
  d->indices = NULL;
  d->entries = NULL;
  d->used = d->nentries = d->usable = 0;
  d->log2size = 0;
  keys_changed(d);
  for (py_ssize_t i = 0; i < n; i++) {
    if (!ents[i].key) continue;
    py_decref(ents[i].key);
    py_decref(ents[i].value);
  }
  py_mem_free(tab, bytes);
}

py_obj *py_dict_copy(py_obj *o) {
  py_dict *d = (py_dict *)o;
  py_obj *r = py_dict_new();
  if (!r) return NULL;
  if (d->used == 0) return r;
  if (dict_resize((py_dict *)r, d->used * 3 / 2 + 1) < 0) {
    py_decref(r);
    return NULL;
  }
  for (py_ssize_t i = 0; i < d->nentries; i++) {
    py_dict_entry *ep = &d->entries[i];
    if (ep->key && py__dict_set_hashed(r, ep->key, ep->hash, ep->value) < 0) {
      py_decref(r);
      return NULL;
    }
  }
  return r;
}

static int merge_pairs(py_obj *d, py_obj *seq) {
  py_obj *it = py_iter(seq);
  if (!it) return -1;
  py_obj *item;
  py_ssize_t i = 0;
  while ((item = py_iter_next(it))) {
    py_obj *pair = py_sequence_list(item);
    if (!pair) {
      if (py_err_matches(&py_exc_TypeError)) {
        py_err_clear();
        py_err_format(&py_exc_TypeError,
                      "cannot convert dictionary update sequence element #%zd to a "
                      "sequence", i);
      }
      py_decref(item);
      py_decref(it);
      return -1;
    }
    py_decref(item);
    if (py_list_len(pair) != 2) {
      py_err_format(&py_exc_ValueError,
                    "dictionary update sequence element #%zd has length %zd; 2 is "
                    "required", i, py_list_len(pair));
      py_decref(pair);
      py_decref(it);
      return -1;
    }
    int r = py_dict_set(d, py_list_get(pair, 0), py_list_get(pair, 1));
    py_decref(pair);
    if (r < 0) {
      py_decref(it);
      return -1;
    }
    i++;
  }
  py_decref(it);
  return py_err_occurred() ? -1 : 0;
}

int py_dict_update(py_obj *d, py_obj *other) {
  if (py_dict_check(other)) {
    py_dict *s = (py_dict *)other;
    if (other == d || s->used == 0) return 0;
    for (py_ssize_t i = 0; i < s->nentries; i++) {
      py_dict_entry *ep = &s->entries[i];
      if (!ep->key) continue;
      py_obj *k = py_newref(ep->key), *v = py_newref(ep->value);
      int r = py__dict_set_hashed(d, k, ep->hash, v);
      py_decref(k);
      py_decref(v);
      if (r < 0) return -1;
    }
    return 0;
  }
  py_obj *keys_m = NULL;
  if (py_getattr_opt(other, PY_ID(keys), &keys_m) < 0) return -1;
  if (!keys_m) return merge_pairs(d, other);
  py_obj *keys = py_call0(keys_m);
  py_decref(keys_m);
  if (!keys) return -1;
  py_obj *it = py_iter(keys);
  py_decref(keys);
  if (!it) return -1;
  py_obj *k;
  while ((k = py_iter_next(it))) {
    py_obj *v = py_getitem(other, k);
    int r = v ? py_dict_set(d, k, v) : -1;
    py_xdecref(v);
    py_decref(k);
    if (r < 0) {
      py_decref(it);
      return -1;
    }
  }
  py_decref(it);
  return py_err_occurred() ? -1 : 0;
}

static py_obj *dict_list(py_obj *o, int what) {
  py_dict *d = (py_dict *)o;
  py_obj *l = py_list_new(d->used);
  if (!l) return NULL;
  py_ssize_t k = 0;
  for (py_ssize_t i = 0; i < d->nentries; i++) {
    py_dict_entry *ep = &d->entries[i];
    if (!ep->key) continue;
    py_obj *v;
    if (what == 0) v = py_newref(ep->key);
    else if (what == 1) v = py_newref(ep->value);
    else if (!(v = py_tuple_pack(2, ep->key, ep->value))) {
      ((py_list *)l)->size = k;
      py_decref(l);
      return NULL;
    }
    ((py_list *)l)->items[k++] = v;
  }
  ((py_list *)l)->size = k;
  return l;
}

py_obj *py_dict_keys_list(py_obj *d) { return dict_list(d, 0); }
py_obj *py_dict_values_list(py_obj *d) { return dict_list(d, 1); }
py_obj *py_dict_items_list(py_obj *d) { return dict_list(d, 2); }

/* ------------------------------------------------------------------ slots */

static void dict_dealloc(py_obj *o) {
  py_dict_clear(o);
  if (o->type == &py_dict_type && dict_fl_n < DICT_FL_MAX) {
    py__gc_unlink(o);
    dict_fl[dict_fl_n++] = (py_dict *)o;
    return;
  }
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int dict_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_dict *d = (py_dict *)o;
  for (py_ssize_t i = 0; i < d->nentries; i++) {
    py_dict_entry *ep = &d->entries[i];
    if (!ep->key) continue;
    if (visit(ep->key, arg) || visit(ep->value, arg)) return 1;
  }
  return 0;
}

static py_obj *dict_repr(py_obj *o) {
  py_dict *d = (py_dict *)o;
  if (d->used == 0) return py_str_from_cstr("{}");
  int r = py__repr_enter(o);
  if (r != 0) return r > 0 ? py_str_from_cstr("{...}") : NULL;
  py_buf b;
  py__buf_init(&b);
  int rc = py__buf_putc(&b, '{');
  bool first = true;
  for (py_ssize_t i = 0; i < d->nentries && !rc; i++) {
    py_dict_entry *ep = &d->entries[i];
    if (!ep->key) continue;
    if (!first) rc = py__buf_put(&b, ", ", 2);
    first = false;
    py_obj *k = py_newref(ep->key), *v = py_newref(ep->value);
    if (!rc) rc = py__buf_putrepr(&b, k);
    if (!rc) rc = py__buf_put(&b, ": ", 2);
    if (!rc) rc = py__buf_putrepr(&b, v);
    py_decref(k);
    py_decref(v);
  }
  if (!rc) rc = py__buf_putc(&b, '}');
  py__repr_leave(o);
  return py__buf_finish_rc(&b, rc);
}

static py_obj *dict_richcompare(py_obj *a, py_obj *b, int op) {
  if (!py_dict_check(a) || !py_dict_check(b) || (op != PY_EQ && op != PY_NE))
    return py_newref(py_NotImplemented);
  py_dict *x = (py_dict *)a, *y = (py_dict *)b;
  bool eq = x->used == y->used;
  for (py_ssize_t i = 0; eq && i < x->nentries; i++) {
    py_dict_entry *ep = &x->entries[i];
    if (!ep->key) continue;
    py_obj *k = py_newref(ep->key), *v = py_newref(ep->value);
    py_ssize_t e = lookup(y, k, ep->hash, NULL);
    int c = 0;
    if (e == -2) c = -1;
    else if (e >= 0) {
      py_obj *w = py_newref(y->entries[e].value);
      c = py__eq(v, w);
      py_decref(w);
    }
    py_decref(k);
    py_decref(v);
    if (c < 0) return NULL;
    if (!c) eq = false;
  }
  return py_bool_from(op == PY_EQ ? eq : !eq);
}

static py_ssize_t dict_len(py_obj *o) { return ((py_dict *)o)->used; }

static py_obj *dict_getitem(py_obj *o, py_obj *key) {
  py_hash_t h = key_hash(key);
  if (h == -1) return NULL;
  py_dict *d = (py_dict *)o;
  py_ssize_t e = lookup(d, key, h, NULL);
  if (e >= 0) return py_newref(d->entries[e].value);
  if (e == -2) return NULL;
  if (o->type != &py_dict_type && py_type_lookup(o->type, PY_ID(__missing__)))
    return py_call_method(o, PY_ID(__missing__), &key, 1, NULL);
  return py_err_set_obj(&py_exc_KeyError, key);
}

static int dict_setitem(py_obj *o, py_obj *key, py_obj *value) {
  if (value) return py_dict_set(o, key, value);
  return py_dict_del(o, key);
}

static int dict_contains(py_obj *o, py_obj *key) { return py_dict_contains(o, key); }

static py_obj *dict_or(py_obj *a, py_obj *b) {
  if (!py_dict_check(a) || !py_dict_check(b)) return py_newref(py_NotImplemented);
  py_obj *r = py_dict_copy(a);
  if (r && py_dict_update(r, b) < 0) PY_CLEAR(r);
  return r;
}

static py_obj *dict_ior(py_obj *a, py_obj *b) {
  if (py_dict_update(a, b) < 0) return NULL;
  return py_newref(a);
}

/* --------------------------------------------------------------- methods */

#define METHOD(name) \
  static py_obj *name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames)

METHOD(dict_get_m) {
  if (py_check_nokw("get", kwnames) < 0 || py_check_args("get", nargs, 1, 2) < 0) return NULL;
  py_obj *v = py_dict_get(self, args[0]);
  if (v) return py_newref(v);
  if (py_err_occurred()) return NULL;
  return py_newref(nargs > 1 ? args[1] : py_None);
}

METHOD(dict_setdefault_m) {
  if (py_check_nokw("setdefault", kwnames) < 0 || py_check_args("setdefault", nargs, 1, 2) < 0)
    return NULL;
  py_obj *v = py_dict_get(self, args[0]);
  if (v) return py_newref(v);
  if (py_err_occurred()) return NULL;
  py_obj *dflt = nargs > 1 ? args[1] : py_None;
  if (py_dict_set(self, args[0], dflt) < 0) return NULL;
  return py_newref(dflt);
}

METHOD(dict_pop_m) {
  if (py_check_nokw("pop", kwnames) < 0 || py_check_args("pop", nargs, 1, 2) < 0) return NULL;
  return py_dict_pop(self, args[0], nargs > 1 ? args[1] : NULL);
}

METHOD(dict_popitem_m) {
  if (py_check_args("dict.popitem", nargs, 0, 0) < 0) return NULL;
  py_dict *d = (py_dict *)self;
  if (d->used == 0)
    return py_err_set_str(&py_exc_KeyError, "popitem(): dictionary is empty");
  py_ssize_t i = d->nentries - 1;
  while (!d->entries[i].key) i--;
  py_dict_entry *ep = &d->entries[i];
  /* find its slot */
  int32_t *ix = slots(d);
  size_t mask = ((size_t)1 << d->log2size) - 1;
  size_t s = (size_t)ep->hash & mask, perturb = (size_t)ep->hash;
  while (ix[s] != (int32_t)i) {
    perturb >>= PERTURB_SHIFT;
    s = (s * 5 + perturb + 1) & mask;
  }
  py_obj *k, *v;
  del_entry(d, s, i, &k, &v);
  /* the popped entry was last: reuse its place, but not its room (its
   * index slot stays DUMMY until the next resize, as in CPython) */
  d->nentries = i;
  py_obj *t = py_tuple_new(2);
  if (!t) {
    py_decref(k);
    py_decref(v);
    return NULL;
  }
  py_tuple_set_steal(t, 0, k);
  py_tuple_set_steal(t, 1, v);
  return t;
}

/* dict.update(self, [other], **kw) and dict(self, [other], **kw): fname
 * names the call in the argument-count error. 0, or -1 with an error. */
static int update_from_args(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                            py_obj *kwnames, const char *fname) {
  if (py_check_args(fname, nargs, 0, 1) < 0) return -1;
  if (nargs == 1 && py_dict_update(self, args[0]) < 0) return -1;
  if (kwnames)
    for (py_ssize_t i = 0; i < py_tuple_len(kwnames); i++)
      if (py_dict_set(self, py_tuple_get(kwnames, i), args[nargs + i]) < 0) return -1;
  return 0;
}

METHOD(dict_update_m) {
  if (update_from_args(self, args, nargs, kwnames, "update") < 0) return NULL;
  return py_newref(py_None);
}

METHOD(dict_clear_m) {
  if (py_check_args("dict.clear", nargs, 0, 0) < 0) return NULL;
  py_dict_clear(self);
  return py_newref(py_None);
}

METHOD(dict_copy_m) {
  if (py_check_args("dict.copy", nargs, 0, 0) < 0) return NULL;
  return py_dict_copy(self);
}

METHOD(dict_fromkeys_m) {
  /* self is the class */
  if (py_check_nokw("fromkeys", kwnames) < 0 || py_check_args("fromkeys", nargs, 1, 2) < 0)
    return NULL;
  py_obj *d = py_call0(self);
  if (!d) return NULL;
  py_obj *v = nargs > 1 ? args[1] : py_None;
  py_obj *it = py_iter(args[0]);
  if (!it) {
    py_decref(d);
    return NULL;
  }
  py_obj *k;
  while ((k = py_iter_next(it))) {
    int r = py_setitem(d, k, v);
    py_decref(k);
    if (r < 0) {
      py_decref(it);
      py_decref(d);
      return NULL;
    }
  }
  py_decref(it);
  if (py_err_occurred()) {
    py_decref(d);
    return NULL;
  }
  return d;
}

static py_obj *make_view(py_obj *d, py_type *t);

METHOD(dict_keys_m) {
  if (py_check_args("dict.keys", nargs, 0, 0) < 0) return NULL;
  return make_view(self, &py_dict_keys_type);
}
METHOD(dict_values_m) {
  if (py_check_args("dict.values", nargs, 0, 0) < 0) return NULL;
  return make_view(self, &py_dict_values_type);
}
METHOD(dict_items_m) {
  if (py_check_args("dict.items", nargs, 0, 0) < 0) return NULL;
  return make_view(self, &py_dict_items_type);
}

static py_obj *dict_iter(py_obj *o);
static py_obj *make_dictiter(py_obj *d, py_type *t, bool reversed);

METHOD(dict_reversed_m) { return make_dictiter(self, &py_dict_keyiter_type, true); }

static py_obj *dict_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                        py_obj *kwnames) {
  if (t == &py_dict_type) return py_dict_new();
  return py_obj_alloc(t, (size_t)t->basicsize);
}

static int dict_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                     py_obj *kwnames) {
  return update_from_args(self, args, nargs, kwnames, "dict");
}

static const py_method_def dict_methods[] = {
    {"get", dict_get_m, 0},
    {"setdefault", dict_setdefault_m, 0},
    {"pop", dict_pop_m, 0},
    {"popitem", dict_popitem_m, 0},
    {"update", dict_update_m, 0},
    {"clear", dict_clear_m, 0},
    {"copy", dict_copy_m, 0},
    {"fromkeys", dict_fromkeys_m, PY_METH_CLASS},
    {"keys", dict_keys_m, 0},
    {"values", dict_values_m, 0},
    {"items", dict_items_m, 0},
    {"__reversed__", dict_reversed_m, 0},
    {NULL, NULL, 0}};

py_type py_dict_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "dict",
    .flags = PY_TF_DICT_SUB | PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_dict),
    .new_ = dict_new,
    .init = dict_init,
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = py_dict_clear,
    .repr = dict_repr,
    .richcompare = dict_richcompare,
    .iter = dict_iter,
    .nb = {[PY_OP_OR] = dict_or},
    .nb_inplace = {[PY_OP_OR] = dict_ior},
    .len = dict_len,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .contains = dict_contains,
    .methods = dict_methods,
};

/* ------------------------------------------------------------- iterators */

typedef struct py_dictiter {
  py_obj ob;
  py_obj *dict;        /* NULL once exhausted */
  py_ssize_t pos;      /* next entry index (reversed: going down) */
  py_ssize_t used;     /* the dict's size when the iteration started */
  py_ssize_t left;     /* items not yet produced */
  py_obj *result;      /* a pair tuple reused while nobody else holds it */
  bool reversed;
} py_dictiter;

static py_obj *make_dictiter(py_obj *d, py_type *t, bool reversed) {
  py_dictiter *it = (py_dictiter *)py_obj_alloc(t, sizeof(py_dictiter));
  if (!it) return NULL;
  it->dict = py_newref(d);
  it->used = it->left = ((py_dict *)d)->used;
  it->reversed = reversed;
  it->pos = reversed ? ((py_dict *)d)->nentries - 1 : 0;
  return &it->ob;
}

static py_obj *dict_iter(py_obj *o) { return make_dictiter(o, &py_dict_keyiter_type, false); }

/* The next live entry, or NULL (exhausted, or RuntimeError). */
static py_dict_entry *dictiter_step(py_dictiter *it) {
  py_dict *d = (py_dict *)it->dict;
  if (!d) return NULL;
  if (d->used != it->used) {
    py_err_set_str(&py_exc_RuntimeError, "dictionary changed size during iteration");
    it->used = -1;
    return NULL;
  }
  py_ssize_t i = it->pos;
  if (it->reversed) {
    while (i >= 0 && i < d->nentries && !d->entries[i].key) i--;
    if (i < 0 || i >= d->nentries) goto done;
    it->pos = i - 1;
  } else {
    while (i < d->nentries && !d->entries[i].key) i++;
    if (i >= d->nentries) goto done;
    it->pos = i + 1;
  }
  if (it->left == 0) {
    py_err_set_str(&py_exc_RuntimeError, "dictionary keys changed during iteration");
    goto done;
  }
  it->left--;
  return &d->entries[i];
done:
  PY_CLEAR(it->dict);
  return NULL;
}

static py_obj *dict_keyiter_next(py_obj *o) {
  py_dict_entry *ep = dictiter_step((py_dictiter *)o);
  return ep ? py_newref(ep->key) : NULL;
}

static py_obj *dict_valueiter_next(py_obj *o) {
  py_dict_entry *ep = dictiter_step((py_dictiter *)o);
  return ep ? py_newref(ep->value) : NULL;
}

static py_obj *dict_itemiter_next(py_obj *o) {
  py_dictiter *it = (py_dictiter *)o;
  py_dict_entry *ep = dictiter_step(it);
  if (!ep) return NULL;
  py_obj *r = it->result;
  if (r && r->refcnt == 1) {
    /* nobody kept the last pair: refill it (CPython's trick) */
    py_obj *k = py_tuple_get(r, 0), *v = py_tuple_get(r, 1);
    py_tuple_set_steal(r, 0, py_newref(ep->key));
    py_tuple_set_steal(r, 1, py_newref(ep->value));
    py_decref(k);
    py_decref(v);
    return py_newref(r);
  }
  r = py_tuple_pack(2, ep->key, ep->value);
  if (!r) return NULL;
  PY_SETREF(it->result, py_newref(r));
  return r;
}

static void dictiter_dealloc(py_obj *o) {
  py_dictiter *it = (py_dictiter *)o;
  py_xdecref(it->dict);
  py_xdecref(it->result);
  py_obj_free(o, sizeof(py_dictiter));
}

static int dictiter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_dictiter *it = (py_dictiter *)o;
  if (it->dict && visit(it->dict, arg)) return 1;
  return it->result ? visit(it->result, arg) : 0;
}

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

#define DICTITER_TYPE(var, tname, next)        \
  py_type var = {                              \
      .ob = {PY_IMMORTAL, &py_type_type},      \
      .name = tname,                           \
      .flags = PY_TF_GC,                       \
      .basicsize = sizeof(py_dictiter),        \
      .dealloc = dictiter_dealloc,             \
      .traverse = dictiter_traverse,           \
      .iter = iter_self,                       \
      .iternext = next,                        \
  }

DICTITER_TYPE(py_dict_keyiter_type, "dict_keyiterator", dict_keyiter_next);
DICTITER_TYPE(py_dict_valueiter_type, "dict_valueiterator", dict_valueiter_next);
DICTITER_TYPE(py_dict_itemiter_type, "dict_itemiterator", dict_itemiter_next);

/* ------------------------------------------------------------------ views */

typedef struct py_dictview {
  py_obj ob;
  py_obj *dict;
} py_dictview;

static py_obj *make_view(py_obj *d, py_type *t) {
  py_dictview *v = (py_dictview *)py_obj_alloc(t, sizeof(py_dictview));
  if (!v) return NULL;
  v->dict = py_newref(d);
  return &v->ob;
}

static void view_dealloc(py_obj *o) {
  py_decref(((py_dictview *)o)->dict);
  py_obj_free(o, sizeof(py_dictview));
}

static int view_traverse(py_obj *o, py_visitfn visit, void *arg) {
  return visit(((py_dictview *)o)->dict, arg);
}

static py_ssize_t view_len(py_obj *o) { return py_dict_len(((py_dictview *)o)->dict); }

static py_obj *view_repr(py_obj *o) {
  int r = py__repr_enter(o);
  if (r != 0) return r > 0 ? py_str_from_cstr("...") : NULL;
  py_obj *d = ((py_dictview *)o)->dict;
  py_obj *l = o->type == &py_dict_keys_type     ? py_dict_keys_list(d)
              : o->type == &py_dict_values_type ? py_dict_values_list(d)
                                                : py_dict_items_list(d);
  py_obj *lr = l ? py_repr(l) : NULL;
  py_obj *s = lr ? py_str_from_format("%s(%s)", o->type->name, py_str_utf8(lr)) : NULL;
  py_xdecref(lr);
  py_xdecref(l);
  py__repr_leave(o);
  return s;
}

static py_obj *keys_iter(py_obj *o) {
  return make_dictiter(((py_dictview *)o)->dict, &py_dict_keyiter_type, false);
}
static py_obj *values_iter(py_obj *o) {
  return make_dictiter(((py_dictview *)o)->dict, &py_dict_valueiter_type, false);
}
static py_obj *items_iter(py_obj *o) {
  return make_dictiter(((py_dictview *)o)->dict, &py_dict_itemiter_type, false);
}

static int keys_contains(py_obj *o, py_obj *k) {
  return py_dict_contains(((py_dictview *)o)->dict, k);
}

static int items_contains(py_obj *o, py_obj *item) {
  if (!py_tuple_check(item) || py_tuple_len(item) != 2) return 0;
  py_obj *v = py_dict_get(((py_dictview *)o)->dict, py_tuple_get(item, 0));
  if (!v) return py_err_occurred() ? -1 : 0;
  py_incref(v);
  int r = py__eq(v, py_tuple_get(item, 1));
  py_decref(v);
  return r;
}

/* keys() and items() views compare and combine like sets. */
static py_obj *view_as_set(py_obj *o) {
  if (py_anyset_check(o)) return py_newref(o);
  return py_set_new(o);
}

static py_obj *view_richcompare(py_obj *a, py_obj *b, int op) {
  bool bset = py_anyset_check(b) || b->type == &py_dict_keys_type ||
              b->type == &py_dict_items_type;
  if (!bset) return py_newref(py_NotImplemented);
  py_obj *x = view_as_set(a), *y = x ? view_as_set(b) : NULL;
  py_obj *r = y ? py_richcompare(x, y, op) : NULL;
  py_xdecref(x);
  py_xdecref(y);
  return r;
}

static py_obj *view_binop(py_obj *a, py_obj *b, py_binop op) {
  py_obj *x = py_set_new(a);
  if (!x) return NULL;
  py_obj *y = py_set_new(b);
  if (!y) {
    py_decref(x);
    return NULL;
  }
  py_obj *r = py_binary_op(x, y, op);
  py_decref(x);
  py_decref(y);
  return r;
}

static py_obj *view_and(py_obj *a, py_obj *b) { return view_binop(a, b, PY_OP_AND); }
static py_obj *view_or(py_obj *a, py_obj *b) { return view_binop(a, b, PY_OP_OR); }
static py_obj *view_sub(py_obj *a, py_obj *b) { return view_binop(a, b, PY_OP_SUB); }
static py_obj *view_xor(py_obj *a, py_obj *b) { return view_binop(a, b, PY_OP_XOR); }

static py_obj *view_isdisjoint(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                               py_obj *kw) {
  if (py_check_args("dict_keys.isdisjoint", nargs, 1, 1) < 0) return NULL;
  py_obj *it = py_iter(args[0]);
  if (!it) return NULL;
  py_obj *x;
  while ((x = py_iter_next(it))) {
    int c = py_contains(self, x);
    py_decref(x);
    if (c != 0) {
      py_decref(it);
      return c < 0 ? NULL : py_bool_from(false);
    }
  }
  py_decref(it);
  if (py_err_occurred()) return NULL;
  return py_bool_from(true);
}

static const py_method_def view_methods[] = {
    {"isdisjoint", view_isdisjoint, 0}, {NULL, NULL, 0}};

#define VIEW_TYPE(var, tname, it, containsfn, setlike)                    \
  py_type var = {                                                       \
      .ob = {PY_IMMORTAL, &py_type_type},                               \
      .name = tname,                                                    \
      .flags = PY_TF_GC,                                                \
      .basicsize = sizeof(py_dictview),                                 \
      .dealloc = view_dealloc,                                          \
      .traverse = view_traverse,                                        \
      .repr = view_repr,                                                \
      .richcompare = setlike ? view_richcompare : NULL,                 \
      .iter = it,                                                       \
      .nb = {[PY_OP_AND] = setlike ? view_and : NULL,                   \
             [PY_OP_OR] = setlike ? view_or : NULL,                     \
             [PY_OP_SUB] = setlike ? view_sub : NULL,                   \
             [PY_OP_XOR] = setlike ? view_xor : NULL},                  \
      .len = view_len,                                                  \
      .contains = containsfn,                                           \
      .methods = setlike ? view_methods : NULL,                         \
  }

VIEW_TYPE(py_dict_keys_type, "dict_keys", keys_iter, keys_contains, true);
VIEW_TYPE(py_dict_values_type, "dict_values", values_iter, NULL, false);
VIEW_TYPE(py_dict_items_type, "dict_items", items_iter, items_contains, true);
