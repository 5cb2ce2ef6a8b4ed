/* obj_set.c: set and frozenset with CPython 3.11's table: the same sizes,
 * linear-then-perturbed probing, resize points and merge shortcuts, so a
 * set iterates in the order CPython prints it. */
#include "object_int.h"

/* The deleted-entry marker (hash -1). */
static py_obj set_dummy = {PY_IMMORTAL, &py_none_type};
#define DUMMY (&set_dummy)
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

static inline py_set *S(py_obj *o) { return (py_set *)o; }

static py_hash_t set_key_hash(py_obj *key) {
  if (key->type == &py_str_type) {
    py_hash_t h = ((py_strobj *)key)->hash;
    return h != -1 ? h : py__str_hash(key);
  }
  return py_hash(key);
}

/* Whether the entry (with key's hash) holds key: 1 yes, 0 no, -1 error.
 * *changed: a user __eq__ changed the table meanwhile (the probe must start
 * again). */
static int entry_holds(py_set *so, py_set_entry *entry, py_obj *key, bool *changed) {
  py_obj *startkey = entry->key;
  *changed = false;
  if (startkey == key) return 1;
  if (startkey->type == &py_str_type && key->type == &py_str_type)
    return py_str_eq(startkey, key);
  py_set_entry *table = so->table;
  py_incref(startkey);
  int cmp = py_richcompare_bool(startkey, key, PY_EQ);
  py_decref(startkey);
  *changed = table != so->table || entry->key != startkey;
  return cmp;
}

/* CPython's set_lookkey: the entry holding key, or the unused entry where
 * the search ended; NULL on error. */
static py_set_entry *set_lookkey(py_set *so, py_obj *key, py_hash_t hash) {
  size_t perturb = (size_t)hash, mask = (size_t)so->mask, i = (size_t)hash & mask;
  for (;;) {
    py_set_entry *entry = &so->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (entry->hash == 0 && entry->key == NULL) return entry;
      if (entry->hash == hash) {
        bool changed;
        int cmp = entry_holds(so, entry, key, &changed);
        if (cmp < 0) return NULL;
        if (changed) return set_lookkey(so, key, hash);
        if (cmp > 0) return entry;
        mask = (size_t)so->mask;
      }
      entry++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

static void set_insert_clean(py_set_entry *table, size_t mask, py_obj *key,
                             py_hash_t hash) {
  size_t perturb = (size_t)hash, i = (size_t)hash & mask;
  for (;;) {
    py_set_entry *entry = &table[i];
    if (entry->key == NULL) goto found;
    if (i + LINEAR_PROBES <= mask) {
      for (int j = 0; j < LINEAR_PROBES; j++) {
        entry++;
        if (entry->key == NULL) goto found;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
    continue;
  found:
    entry->key = key;
    entry->hash = hash;
    return;
  }
}

static size_t table_bytes(py_ssize_t mask) {
  return (size_t)(mask + 1) * sizeof(py_set_entry);
}

static int set_table_resize(py_set *so, py_ssize_t minused) {
  size_t newsize = PY_SET_MINSIZE;
  while (newsize <= (size_t)minused) newsize <<= 1;
  py_set_entry *oldtable = so->table;
  py_ssize_t oldmask = so->mask;
  bool old_malloced = oldtable != so->smalltable;
  py_set_entry small_copy[PY_SET_MINSIZE];
  py_set_entry *newtable;
  if (newsize == PY_SET_MINSIZE) {
    newtable = so->smalltable;
    if (newtable == oldtable) {
      if (so->fill == so->used) return 0;
      memcpy(small_copy, oldtable, sizeof small_copy);
      oldtable = small_copy;
    }
  } else {
    newtable = py_mem_alloc(newsize * sizeof(py_set_entry));
    if (!newtable) return -1;
  }
  memset(newtable, 0, newsize * sizeof(py_set_entry));
  so->mask = (py_ssize_t)newsize - 1;
  so->table = newtable;
  size_t newmask = (size_t)so->mask;
  if (so->fill == so->used) {
    for (py_set_entry *e = oldtable; e <= oldtable + oldmask; e++)
      if (e->key != NULL) set_insert_clean(newtable, newmask, e->key, e->hash);
  } else {
    so->fill = so->used;
    for (py_set_entry *e = oldtable; e <= oldtable + oldmask; e++)
      if (e->key != NULL && e->key != DUMMY)
        set_insert_clean(newtable, newmask, e->key, e->hash);
  }
  if (old_malloced) py_mem_free(oldtable, table_bytes(oldmask));
  return 0;
}

/* CPython's set_add_entry (takes a new reference to key on success). */
static int set_add_entry(py_set *so, py_obj *key, py_hash_t hash) {
  py_incref(key);
restart:;
  size_t mask = (size_t)so->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
  py_set_entry *freeslot = NULL, *entry;
  for (;;) {
    entry = &so->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (entry->hash == 0 && entry->key == NULL) goto found_unused_or_dummy;
      if (entry->hash == hash) {
        bool changed;
        int cmp = entry_holds(so, entry, key, &changed);
        if (cmp > 0) goto found_active;
        if (cmp < 0) goto comparison_error;
        if (changed) goto restart;
        mask = (size_t)so->mask;
      } else if (entry->hash == -1) {
        freeslot = entry;
      }
      entry++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_unused_or_dummy:
  if (freeslot) {
    so->used++;
    freeslot->key = key;
    freeslot->hash = hash;
    return 0;
  }
  so->fill++;
  so->used++;
  entry->key = key;
  entry->hash = hash;
  if ((size_t)so->fill * 5 < mask * 3) return 0;
  return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
  py_decref(key);
  return 0;
comparison_error:
  py_decref(key);
  return -1;
}

static int set_contains_entry(py_set *so, py_obj *key, py_hash_t hash) {
  py_set_entry *e = set_lookkey(so, key, hash);
  if (!e) return -1;
  return e->key != NULL;
}

static int set_discard_entry(py_set *so, py_obj *key, py_hash_t hash) {
  py_set_entry *e = set_lookkey(so, key, hash);
  if (!e) return -1;
  if (e->key == NULL) return 0;
  py_obj *old = e->key;
  e->key = DUMMY;
  e->hash = -1;
  so->used--;
  py_decref(old);
  return 1;
}

/* A set used as a key means the frozenset with the same items. */
static py_hash_t frozenset_hash(py_obj *o);
static int key_hash_or_frozen(py_obj *key, py_hash_t *h) {
  *h = set_key_hash(key);
  if (*h != -1) return 0;
  if (!py_err_matches(&py_exc_TypeError) || key->type != &py_set_type) return -1;
  py_err_clear();
  py_set *s = S(key);
  py_hash_t saved = s->hash;
  s->hash = -1;
  *h = frozenset_hash(key);
  s->hash = saved;
  return 0;
}

int py_set_add(py_obj *s, py_obj *key) {
  py_hash_t h = set_key_hash(key);
  if (h == -1) return -1;
  return set_add_entry(S(s), key, h);
}

int py_set_contains(py_obj *s, py_obj *key) {
  py_hash_t h;
  if (key_hash_or_frozen(key, &h) < 0) return -1;
  return set_contains_entry(S(s), key, h);
}

int py_set_discard(py_obj *s, py_obj *key) {
  py_hash_t h;
  if (key_hash_or_frozen(key, &h) < 0) return -1;
  return set_discard_entry(S(s), key, h);
}

bool py_set_next(py_obj *o, py_ssize_t *pos, py_obj **key) {
  py_set *so = S(o);
  py_ssize_t i = *pos;
  while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == DUMMY)) i++;
  *pos = i + 1;
  if (i > so->mask) return false;
  *key = so->table[i].key;
  return true;
}

static bool set_next_entry(py_set *so, py_ssize_t *pos, py_set_entry **out) {
  py_ssize_t i = *pos;
  while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == DUMMY)) i++;
  *pos = i + 1;
  if (i > so->mask) return false;
  *out = &so->table[i];
  return true;
}

static void set_empty_to_minsize(py_set *so) {
  memset(so->smalltable, 0, sizeof so->smalltable);
  so->fill = so->used = 0;
  so->mask = PY_SET_MINSIZE - 1;
  so->table = so->smalltable;
  so->hash = -1;
}

static void set_clear_internal(py_set *so) {
  py_set_entry *table = so->table;
  py_ssize_t used = so->used, mask = so->mask;
  bool malloced = table != so->smalltable;
  py_set_entry small_copy[PY_SET_MINSIZE];
  if (malloced) {
    set_empty_to_minsize(so);
  } else if (so->fill > 0) {
    memcpy(small_copy, table, sizeof small_copy);
    table = small_copy;
    set_empty_to_minsize(so);
  }
  for (py_set_entry *e = table; used > 0; e++) {
    if (e->key && e->key != DUMMY) {
      used--;
      py_decref(e->key);
    }
  }
  if (malloced) py_mem_free(table, table_bytes(mask));
}

static int set_merge(py_set *so, py_obj *otherset) {
  py_set *other = S(otherset);
  if (other == so || other->used == 0) return 0;
  if ((so->fill + other->used) * 5 >= so->mask * 3) {
    if (set_table_resize(so, (so->used + other->used) * 2) != 0) return -1;
  }
  py_set_entry *so_entry = so->table, *other_entry = other->table;
  /* empty, same size, no dummies: copy the slots as they are */
  if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
    for (py_ssize_t i = 0; i <= other->mask; i++, so_entry++, other_entry++) {
      py_obj *key = other_entry->key;
      if (key != NULL) {
        so_entry->key = py_newref(key);
        so_entry->hash = other_entry->hash;
      }
    }
    so->fill = other->fill;
    so->used = other->used;
    return 0;
  }
  if (so->fill == 0) {
    size_t newmask = (size_t)so->mask;
    so->fill = other->used;
    so->used = other->used;
    for (py_ssize_t i = other->mask + 1; i > 0; i--, other_entry++) {
      py_obj *key = other_entry->key;
      if (key != NULL && key != DUMMY)
        set_insert_clean(so->table, newmask, py_newref(key), other_entry->hash);
    }
    return 0;
  }
  for (py_ssize_t i = 0; i <= other->mask; i++) {
    other_entry = &other->table[i];
    py_obj *key = other_entry->key;
    if (key != NULL && key != DUMMY && set_add_entry(so, key, other_entry->hash)) return -1;
  }
  return 0;
}

static int set_update_internal(py_set *so, py_obj *other) {
  if (py_anyset_check(other)) return set_merge(so, other);
  if (other->type == &py_dict_type) {
    py_ssize_t dictsize = py_dict_len(other);
    if ((so->fill + dictsize) * 5 >= so->mask * 3) {
      if (set_table_resize(so, (so->used + dictsize) * 2) != 0) return -1;
    }
    py_ssize_t pos = 0;
    py_obj *key;
    py_hash_t hash;
    while (py__dict_next_hashed(other, &pos, &key, NULL, &hash))
      if (set_add_entry(so, key, hash)) return -1;
    return 0;
  }
  py_obj *it = py_iter(other);
  if (!it) return -1;
  py_obj *key;
  while ((key = py_iter_next(it))) {
    if (py_set_add(&so->ob, key)) {
      py_decref(it);
      py_decref(key);
      return -1;
    }
    py_decref(key);
  }
  py_decref(it);
  return py_err_occurred() ? -1 : 0;
}

int py_set_update(py_obj *s, py_obj *iterable) { return set_update_internal(S(s), iterable); }

static py_obj *make_new_set(py_type *type, py_obj *iterable) {
  py_set *so = (py_set *)py_obj_alloc(type, (size_t)type->basicsize);
  if (!so) return NULL;
  so->mask = PY_SET_MINSIZE - 1;
  so->table = so->smalltable;
  so->hash = -1;
  if (iterable && set_update_internal(so, iterable)) {
    py_decref(&so->ob);
    return NULL;
  }
  return &so->ob;
}

/* A new set of the base type (set or frozenset) of so's type. */
static py_obj *make_new_set_basetype(py_type *type, py_obj *iterable) {
  if (type != &py_set_type && type != &py_frozenset_type)
    type = py_type_is_subtype(type, &py_set_type) ? &py_set_type : &py_frozenset_type;
  return make_new_set(type, iterable);
}

py_obj *py_set_new(py_obj *iterable) { return make_new_set(&py_set_type, iterable); }

/* Whether interning s would hand back another object: CPython's
 * all_name_chars test, and an equal str already interned. */
static bool intern_would_replace(py_obj *s) {
  if (!py_str_check_exact(s) || ((py_strobj *)s)->interned) return false;
  const char *p = py_str_utf8(s);
  for (py_ssize_t i = 0; i < py_str_size(s); i++) {
    char c = p[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_'))
      return false;
  }
  return py__str_is_interned(s);
}

py_obj *py_set_from_constants(py_obj *const *items, py_ssize_t n) {
  py_obj *t = py_tuple_from(items, n);
  if (!t) return NULL;
  py_obj *f = make_new_set(&py_frozenset_type, t);
  py_decref(t);
  int rebuilds = 1;
  for (py_ssize_t i = 0; i < n; i++)
    if (intern_would_replace(items[i])) {
      rebuilds = 2;
      break;
    }
  for (int k = 0; k < rebuilds && f; k++) {
    py_obj *order = py_sequence_tuple(f);
    py_decref(f);
    f = order ? make_new_set(&py_frozenset_type, order) : NULL;
    py_xdecref(order);
  }
  if (!f) return NULL;
  py_obj *s = py_set_new(NULL);
  if (s && set_merge(S(s), f) < 0) PY_CLEAR(s);
  py_decref(f);
  return s;
}

py_obj *py_frozenset_new(py_obj *iterable) {
  if (iterable && iterable->type == &py_frozenset_type) return py_newref(iterable);
  return make_new_set(&py_frozenset_type, iterable);
}

/* ------------------------------------------------------------------ slots */

static void set_dealloc(py_obj *o) {
  set_clear_internal(S(o));
  py_obj_free(o, (size_t)o->type->basicsize);
}

static int set_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_ssize_t pos = 0;
  py_set_entry *e;
  while (set_next_entry(S(o), &pos, &e))
    if (visit(e->key, arg)) return 1;
  return 0;
}

static void set_gc_clear(py_obj *o) { set_clear_internal(S(o)); }

static py_obj *set_repr(py_obj *o) {
  py_set *so = S(o);
  bool exact = o->type == &py_set_type;
  int r = py__repr_enter(o);
  if (r != 0) return r > 0 ? py_str_from_format("%s(...)", o->type->name) : NULL;
  py_obj *res = NULL;
  if (so->used == 0) {
    res = py_str_from_format("%s()", o->type->name);
  } else {
    py_obj *keys = py_sequence_list(o);
    py_obj *lr = keys ? py_repr(keys) : NULL;
    if (lr) {
      /* repr(list)[1:-1] inside braces */
      const char *s = py_str_utf8(lr);
      int n = (int)py_str_size(lr) - 2;
      if (exact) res = py_str_from_format("{%.*s}", n, s + 1);
      else res = py_str_from_format("%s({%.*s})", o->type->name, n, s + 1);
    }
    py_xdecref(lr);
    py_xdecref(keys);
  }
  py__repr_leave(o);
  return res;
}

static py_ssize_t set_len(py_obj *o) { return S(o)->used; }

static int set_contains_slot(py_obj *o, py_obj *key) { return py_set_contains(o, key); }

static uint64_t shuffle_bits(uint64_t h) {
  return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

static py_hash_t frozenset_hash(py_obj *o) {
  py_set *so = S(o);
  if (so->hash != -1) return so->hash;
  uint64_t hash = 0;
  for (py_set_entry *e = so->table; e <= &so->table[so->mask]; e++)
    hash ^= shuffle_bits((uint64_t)e->hash);
  if ((so->mask + 1 - so->fill) & 1) hash ^= shuffle_bits(0);
  if ((so->fill - so->used) & 1) hash ^= shuffle_bits((uint64_t)-1);
  hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
  hash ^= (hash >> 11) ^ (hash >> 25);
  hash = hash * 69069U + 907133923UL;
  if (hash == (uint64_t)-1) hash = 590923713UL;
  so->hash = (py_hash_t)hash;
  return so->hash;
}

static bool set_issubset_raw(py_set *a, py_obj *b, int *err) {
  py_ssize_t pos = 0;
  py_set_entry *e;
  *err = 0;
  while (set_next_entry(a, &pos, &e)) {
    py_incref(e->key);
    int r = set_contains_entry(S(b), e->key, e->hash);
    py_decref(e->key);
    if (r < 0) {
      *err = 1;
      return false;
    }
    if (!r) return false;
  }
  return true;
}

static py_obj *set_richcompare(py_obj *v, py_obj *w, int op) {
  if (!py_anyset_check(w) || !py_anyset_check(v)) return py_newref(py_NotImplemented);
  py_set *a = S(v), *b = S(w);
  int err = 0;
  bool r;
  switch (op) {
    case PY_EQ:
    case PY_NE:
      if (a->used != b->used) r = false;
      else if (v->type == &py_frozenset_type && w->type == &py_frozenset_type &&
               a->hash != -1 && b->hash != -1 && a->hash != b->hash)
        r = false;
      else r = set_issubset_raw(a, w, &err);
      if (op == PY_NE) r = !r;
      break;
    case PY_LE: r = a->used <= b->used && set_issubset_raw(a, w, &err); break;
    case PY_GE: r = a->used >= b->used && set_issubset_raw(b, v, &err); break;
    case PY_LT: r = a->used < b->used && set_issubset_raw(a, w, &err); break;
    default: r = a->used > b->used && set_issubset_raw(b, v, &err); break;
  }
  if (err) return NULL;
  return py_bool_from(r);
}

/* -------------------------------------------------------- set algebra */

static py_obj *set_copy(py_obj *o) { return make_new_set_basetype(o->type, o); }

static py_obj *set_intersection(py_obj *so_o, py_obj *other) {
  if (so_o == other) return set_copy(so_o);
  py_obj *result = make_new_set_basetype(so_o->type, NULL);
  if (!result) return NULL;
  py_set *so = S(so_o);
  if (py_anyset_check(other)) {
    py_obj *tmp_o = other;
    py_set *big = so;
    if (S(other)->used > so->used) {
      big = S(other);
      tmp_o = so_o;
    }
    py_ssize_t pos = 0;
    py_set_entry *e;
    while (set_next_entry(S(tmp_o), &pos, &e)) {
      py_obj *key = py_newref(e->key);
      py_hash_t hash = e->hash;
      int rv = set_contains_entry(big, key, hash);
      if (rv > 0 && set_add_entry(S(result), key, hash)) rv = -1;
      py_decref(key);
      if (rv < 0) {
        py_decref(result);
        return NULL;
      }
    }
    return result;
  }
  py_obj *it = py_iter(other);
  if (!it) {
    py_decref(result);
    return NULL;
  }
  py_obj *key;
  while ((key = py_iter_next(it))) {
    py_hash_t hash = py_hash(key);
    int rv = hash == -1 ? -1 : set_contains_entry(so, key, hash);
    if (rv > 0) {
      if (set_add_entry(S(result), key, hash)) rv = -1;
      else if (S(result)->used >= so->used) {
        py_decref(key);
        break;
      }
    }
    py_decref(key);
    if (rv < 0) {
      py_decref(it);
      py_decref(result);
      return NULL;
    }
  }
  py_decref(it);
  if (py_err_occurred()) {
    py_decref(result);
    return NULL;
  }
  return result;
}

static void set_swap_bodies(py_set *a, py_set *b) {
  py_ssize_t t;
  t = a->fill; a->fill = b->fill; b->fill = t;
  t = a->used; a->used = b->used; b->used = t;
  t = a->mask; a->mask = b->mask; b->mask = t;
  py_set_entry *u = a->table;
  if (a->table == a->smalltable) u = b->smalltable;
  a->table = b->table;
  if (b->table == b->smalltable) a->table = a->smalltable;
  b->table = u;
  if (a->table == a->smalltable || b->table == b->smalltable) {
    py_set_entry tab[PY_SET_MINSIZE];
    memcpy(tab, a->smalltable, sizeof tab);
    memcpy(a->smalltable, b->smalltable, sizeof tab);
    memcpy(b->smalltable, tab, sizeof tab);
  }
  a->hash = -1;
  b->hash = -1;
}

/* self takes the items of tmp (a new set, released; NULL: making it
 * failed): the in-place form of an operation that builds a new set. 0, or
 * -1 with an error. */
static int set_take_body(py_obj *self, py_obj *tmp) {
  if (!tmp) return -1;
  set_swap_bodies(S(self), S(tmp));
  py_decref(tmp);
  return 0;
}

static int set_difference_update_internal(py_set *so, py_obj *other) {
  if (&so->ob == other) {
    set_clear_internal(so);
    return 0;
  }
  if (py_anyset_check(other)) {
    if ((S(other)->used >> 3) > so->used) {
      other = set_intersection(&so->ob, other);
      if (!other) return -1;
    } else {
      py_incref(other);
    }
    py_ssize_t pos = 0;
    py_set_entry *e;
    while (set_next_entry(S(other), &pos, &e)) {
      py_obj *key = py_newref(e->key);
      int r = set_discard_entry(so, key, e->hash);
      py_decref(key);
      if (r < 0) {
        py_decref(other);
        return -1;
      }
    }
    py_decref(other);
  } else {
    py_obj *it = py_iter(other);
    if (!it) return -1;
    py_obj *key;
    while ((key = py_iter_next(it))) {
      int r = py_set_discard(&so->ob, key);
      py_decref(key);
      if (r < 0) {
        py_decref(it);
        return -1;
      }
    }
    py_decref(it);
    if (py_err_occurred()) return -1;
  }
  if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4) return 0;
  return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static py_obj *set_copy_and_difference(py_obj *so, py_obj *other) {
  py_obj *r = set_copy(so);
  if (!r) return NULL;
  if (set_difference_update_internal(S(r), other) == 0) return r;
  py_decref(r);
  return NULL;
}

static py_obj *set_difference(py_obj *so_o, py_obj *other) {
  py_set *so = S(so_o);
  py_ssize_t other_size;
  if (py_anyset_check(other)) other_size = S(other)->used;
  else if (other->type == &py_dict_type) other_size = py_dict_len(other);
  else return set_copy_and_difference(so_o, other);
  if ((so->used >> 2) > other_size) return set_copy_and_difference(so_o, other);
  py_obj *result = make_new_set_basetype(so_o->type, NULL);
  if (!result) return NULL;
  py_ssize_t pos = 0;
  py_set_entry *e;
  while (set_next_entry(so, &pos, &e)) {
    py_obj *key = py_newref(e->key);
    py_hash_t hash = e->hash;
    int rv;
    if (other->type == &py_dict_type) {
      rv = py__dict_get_hashed(other, key, hash) != NULL;
      if (!rv && py_err_occurred()) rv = -1;
    } else {
      rv = set_contains_entry(S(other), key, hash);
    }
    if (rv == 0 && set_add_entry(S(result), key, hash)) rv = -1;
    py_decref(key);
    if (rv < 0) {
      py_decref(result);
      return NULL;
    }
  }
  return result;
}

static int set_symmetric_difference_update_internal(py_set *so, py_obj *other) {
  if (&so->ob == other) {
    set_clear_internal(so);
    return 0;
  }
  if (other->type == &py_dict_type) {
    py_ssize_t pos = 0;
    py_obj *key;
    py_hash_t hash;
    while (py__dict_next_hashed(other, &pos, &key, NULL, &hash)) {
      py_incref(key);
      int rv = set_discard_entry(so, key, hash);
      if (rv == 0 && set_add_entry(so, key, hash)) rv = -1;
      py_decref(key);
      if (rv < 0) return -1;
    }
    return 0;
  }
  py_obj *otherset;
  if (py_anyset_check(other)) otherset = py_newref(other);
  else if (!(otherset = make_new_set_basetype(so->ob.type, other))) return -1;
  py_ssize_t pos = 0;
  py_set_entry *e;
  while (set_next_entry(S(otherset), &pos, &e)) {
    py_obj *key = py_newref(e->key);
    py_hash_t hash = e->hash;
    int rv = set_discard_entry(so, key, hash);
    if (rv == 0 && set_add_entry(so, key, hash)) rv = -1;
    py_decref(key);
    if (rv < 0) {
      py_decref(otherset);
      return -1;
    }
  }
  py_decref(otherset);
  return 0;
}

static py_obj *set_symmetric_difference(py_obj *so, py_obj *other) {
  py_obj *otherset = make_new_set_basetype(so->type, other);
  if (!otherset) return NULL;
  if (set_symmetric_difference_update_internal(S(otherset), so) < 0) {
    py_decref(otherset);
    return NULL;
  }
  return otherset;
}

static py_obj *set_or(py_obj *a, py_obj *b) {
  if (!py_anyset_check(a) || !py_anyset_check(b)) return py_newref(py_NotImplemented);
  py_obj *r = set_copy(a);
  if (!r || a == b) return r;
  if (set_update_internal(S(r), b)) {
    py_decref(r);
    return NULL;
  }
  return r;
}

static py_obj *set_and(py_obj *a, py_obj *b) {
  if (!py_anyset_check(a) || !py_anyset_check(b)) return py_newref(py_NotImplemented);
  return set_intersection(a, b);
}

static py_obj *set_sub(py_obj *a, py_obj *b) {
  if (!py_anyset_check(a) || !py_anyset_check(b)) return py_newref(py_NotImplemented);
  return set_difference(a, b);
}

static py_obj *set_xor(py_obj *a, py_obj *b) {
  if (!py_anyset_check(a) || !py_anyset_check(b)) return py_newref(py_NotImplemented);
  return set_symmetric_difference(a, b);
}

static py_obj *set_ior(py_obj *a, py_obj *b) {
  if (!py_anyset_check(b)) return py_newref(py_NotImplemented);
  if (set_update_internal(S(a), b)) return NULL;
  return py_newref(a);
}

static py_obj *set_iand(py_obj *a, py_obj *b) {
  if (!py_anyset_check(b)) return py_newref(py_NotImplemented);
  if (set_take_body(a, set_intersection(a, b)) < 0) return NULL;
  return py_newref(a);
}

static py_obj *set_isub(py_obj *a, py_obj *b) {
  if (!py_anyset_check(b)) return py_newref(py_NotImplemented);
  if (set_difference_update_internal(S(a), b)) return NULL;
  return py_newref(a);
}

static py_obj *set_ixor(py_obj *a, py_obj *b) {
  if (!py_anyset_check(b)) return py_newref(py_NotImplemented);
  if (set_symmetric_difference_update_internal(S(a), b)) return NULL;
  return py_newref(a);
}

/* --------------------------------------------------------------- methods */

#define METHOD(name) \
  static py_obj *name(py_obj *self, py_obj *const *args, py_ssize_t nargs, py_obj *kwnames)

/* "set.add" or "frozenset.copy": the owner of the method, for messages. */
static int check_set_args(py_obj *self, const char *m, py_ssize_t nargs, py_ssize_t n) {
  char name[64];
  snprintf(name, sizeof name, "%s.%s",
           py_isinstance(self, &py_frozenset_type) ? "frozenset" : "set", m);
  return py_check_args(name, nargs, n, n);
}

static void set_key_error(py_obj *key) { py_err_set_obj(&py_exc_KeyError, key); }

METHOD(set_add_m) {
  if (check_set_args(self, "add", nargs, 1) < 0) return NULL;
  if (py_set_add(self, args[0]) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(set_discard_m) {
  if (check_set_args(self, "discard", nargs, 1) < 0) return NULL;
  if (py_set_discard(self, args[0]) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(set_remove_m) {
  if (check_set_args(self, "remove", nargs, 1) < 0) return NULL;
  int r = py_set_discard(self, args[0]);
  if (r < 0) return NULL;
  if (r == 0) {
    set_key_error(args[0]);
    return NULL;
  }
  return py_newref(py_None);
}

METHOD(set_pop_m) {
  if (check_set_args(self, "pop", nargs, 0) < 0) return NULL;
  py_set *so = S(self);
  if (so->used == 0) return py_err_set_str(&py_exc_KeyError, "pop from an empty set");
  py_set_entry *entry = so->table + (so->finger & so->mask);
  py_set_entry *limit = so->table + so->mask;
  while (entry->key == NULL || entry->key == DUMMY) {
    entry++;
    if (entry > limit) entry = so->table;
  }
  py_obj *key = entry->key;
  entry->key = DUMMY;
  entry->hash = -1;
  so->used--;
  so->finger = entry - so->table + 1;
  return key;
}

METHOD(set_clear_m) {
  if (check_set_args(self, "clear", nargs, 0) < 0) return NULL;
  set_clear_internal(S(self));
  return py_newref(py_None);
}

METHOD(set_copy_m) {
  if (check_set_args(self, "copy", nargs, 0) < 0) return NULL;
  return set_copy(self);
}

METHOD(frozenset_copy_m) {
  if (check_set_args(self, "copy", nargs, 0) < 0) return NULL;
  if (self->type == &py_frozenset_type) return py_newref(self);
  return set_copy(self);
}

/* fn(so, other) for each of the n others but skip (which may be NULL):
 * update() and friends with several arguments. 0, or -1 at the first
 * error. */
static int update_each(py_set *so, int (*fn)(py_set *, py_obj *), py_obj *const *others,
                       py_ssize_t n, py_obj *skip) {
  for (py_ssize_t i = 0; i < n; i++)
    if (others[i] != skip && fn(so, others[i])) return -1;
  return 0;
}

/* r updated by update_each, or NULL (r released) after an error. */
static py_obj *updated_or_null(py_obj *r, int (*fn)(py_set *, py_obj *),
                               py_obj *const *others, py_ssize_t n, py_obj *skip) {
  if (r && update_each(S(r), fn, others, n, skip) < 0) PY_CLEAR(r);
  return r;
}

METHOD(set_update_m) {
  if (py_check_nokw("update", kwnames) < 0) return NULL;
  if (update_each(S(self), set_update_internal, args, nargs, NULL) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(set_union_m) {
  if (py_check_nokw("union", kwnames) < 0) return NULL;
  /* self's own items are in the copy already */
  return updated_or_null(set_copy(self), set_update_internal, args, nargs, self);
}

METHOD(set_intersection_m) {
  if (py_check_nokw("intersection", kwnames) < 0) return NULL;
  if (nargs == 0) return set_copy(self);
  py_obj *r = py_newref(self);
  for (py_ssize_t i = 0; i < nargs; i++) {
    py_obj *nr = set_intersection(r, args[i]);
    py_decref(r);
    if (!nr) return NULL;
    r = nr;
  }
  return r;
}

METHOD(set_intersection_update_m) {
  if (set_take_body(self, set_intersection_m(self, args, nargs, kwnames)) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(set_difference_m) {
  if (py_check_nokw("difference", kwnames) < 0) return NULL;
  if (nargs == 0) return set_copy(self);
  return updated_or_null(set_difference(self, args[0]), set_difference_update_internal,
                         args + 1, nargs - 1, NULL);
}

METHOD(set_difference_update_m) {
  if (py_check_nokw("difference_update", kwnames) < 0) return NULL;
  if (update_each(S(self), set_difference_update_internal, args, nargs, NULL) < 0) return NULL;
  return py_newref(py_None);
}

METHOD(set_symmetric_difference_m) {
  if (check_set_args(self, "symmetric_difference", nargs, 1) < 0) return NULL;
  return set_symmetric_difference(self, args[0]);
}

METHOD(set_symmetric_difference_update_m) {
  if (check_set_args(self, "symmetric_difference_update", nargs, 1) < 0) return NULL;
  if (set_symmetric_difference_update_internal(S(self), args[0])) return NULL;
  return py_newref(py_None);
}

static py_obj *as_set(py_obj *o) {
  if (py_anyset_check(o)) return py_newref(o);
  return py_set_new(o);
}

/* issubset (op PY_LE) and issuperset (PY_GE): the comparison with the
 * argument made a set. */
static py_obj *subset_test(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                           const char *fname, int op) {
  if (check_set_args(self, fname, nargs, 1) < 0) return NULL;
  py_obj *other = as_set(args[0]);
  if (!other) return NULL;
  py_obj *r = set_richcompare(self, other, op);
  py_decref(other);
  return r;
}

METHOD(set_issubset_m) { return subset_test(self, args, nargs, "issubset", PY_LE); }
METHOD(set_issuperset_m) { return subset_test(self, args, nargs, "issuperset", PY_GE); }

METHOD(set_isdisjoint_m) {
  if (check_set_args(self, "isdisjoint", nargs, 1) < 0) return NULL;
  py_obj *other = args[0];
  if (other == self) return py_bool_from(S(self)->used == 0);
  py_obj *it = py_iter(other);
  if (!it) return NULL;
  py_obj *key;
  while ((key = py_iter_next(it))) {
    int rv = py_set_contains(self, key);
    py_decref(key);
    if (rv != 0) {
      py_decref(it);
      return rv < 0 ? NULL : py_bool_from(false);
    }
  }
  py_decref(it);
  if (py_err_occurred()) return NULL;
  return py_bool_from(true);
}

static py_obj *set_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                          py_obj *kwnames) {
  return make_new_set(t, NULL);
}

static int set_init(py_obj *self, py_obj *const *args, py_ssize_t nargs,
                    py_obj *kwnames) {
  if (self->type == &py_set_type && py_check_nokw("set", kwnames) < 0) return -1;
  if (py_check_args("set", nargs, 0, 1) < 0) return -1;
  if (S(self)->fill) set_clear_internal(S(self));
  S(self)->hash = -1;
  if (nargs == 1) return set_update_internal(S(self), args[0]);
  return 0;
}

static py_obj *frozenset_tp_new(py_type *t, py_obj *const *args, py_ssize_t nargs,
                                py_obj *kwnames) {
  if (t == &py_frozenset_type && py_check_nokw("frozenset", kwnames) < 0) return NULL;
  if (py_check_args("frozenset", nargs, 0, 1) < 0) return NULL;
  if (t != &py_frozenset_type) return make_new_set(t, nargs ? args[0] : NULL);
  return py_frozenset_new(nargs ? args[0] : NULL);
}

/* --------------------------------------------------------------- iterator */

typedef struct py_setiter {
  py_obj ob;
  py_obj *set;        /* NULL once exhausted */
  py_ssize_t used, pos, len;
} py_setiter;

static py_obj *set_iter(py_obj *o) {
  py_setiter *si = (py_setiter *)py_obj_alloc(&py_set_iter_type, sizeof(py_setiter));
  if (!si) return NULL;
  si->set = py_newref(o);
  si->used = si->len = S(o)->used;
  return &si->ob;
}

static py_obj *set_iter_next(py_obj *o) {
  py_setiter *si = (py_setiter *)o;
  py_set *so = si->set ? S(si->set) : NULL;
  if (!so) return NULL;
  if (si->used != so->used) {
    py_err_set_str(&py_exc_RuntimeError, "Set changed size during iteration");
    si->used = -1;
    return NULL;
  }
  py_ssize_t i = si->pos;
  while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == DUMMY)) i++;
  si->pos = i + 1;
  if (i > so->mask) {
    PY_CLEAR(si->set);
    return NULL;
  }
  si->len--;
  return py_newref(so->table[i].key);
}

static void setiter_dealloc(py_obj *o) {
  py_xdecref(((py_setiter *)o)->set);
  py_obj_free(o, sizeof(py_setiter));
}

static int setiter_traverse(py_obj *o, py_visitfn visit, void *arg) {
  py_obj *s = ((py_setiter *)o)->set;
  return s ? visit(s, arg) : 0;
}

static py_obj *iter_self(py_obj *o) { return py_newref(o); }

py_type py_set_iter_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "set_iterator",
    .flags = PY_TF_GC,
    .basicsize = sizeof(py_setiter),
    .dealloc = setiter_dealloc,
    .traverse = setiter_traverse,
    .iter = iter_self,
    .iternext = set_iter_next,
};

static const py_method_def set_methods[] = {
    {"add", set_add_m, 0},
    {"discard", set_discard_m, 0},
    {"remove", set_remove_m, 0},
    {"pop", set_pop_m, 0},
    {"clear", set_clear_m, 0},
    {"copy", set_copy_m, 0},
    {"update", set_update_m, 0},
    {"union", set_union_m, 0},
    {"intersection", set_intersection_m, 0},
    {"intersection_update", set_intersection_update_m, 0},
    {"difference", set_difference_m, 0},
    {"difference_update", set_difference_update_m, 0},
    {"symmetric_difference", set_symmetric_difference_m, 0},
    {"symmetric_difference_update", set_symmetric_difference_update_m, 0},
    {"issubset", set_issubset_m, 0},
    {"issuperset", set_issuperset_m, 0},
    {"isdisjoint", set_isdisjoint_m, 0},
    {NULL, NULL, 0}};

static const py_method_def frozenset_methods[] = {
    {"copy", frozenset_copy_m, 0},
    {"union", set_union_m, 0},
    {"intersection", set_intersection_m, 0},
    {"difference", set_difference_m, 0},
    {"symmetric_difference", set_symmetric_difference_m, 0},
    {"issubset", set_issubset_m, 0},
    {"issuperset", set_issuperset_m, 0},
    {"isdisjoint", set_isdisjoint_m, 0},
    {NULL, NULL, 0}};

py_type py_set_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "set",
    .flags = PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_set),
    .new_ = set_tp_new,
    .init = set_init,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .repr = set_repr,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .nb = {[PY_OP_SUB] = set_sub, [PY_OP_AND] = set_and, [PY_OP_XOR] = set_xor,
           [PY_OP_OR] = set_or},
    .nb_inplace = {[PY_OP_SUB] = set_isub, [PY_OP_AND] = set_iand,
                   [PY_OP_XOR] = set_ixor, [PY_OP_OR] = set_ior},
    .len = set_len,
    .contains = set_contains_slot,
    .methods = set_methods,
};

py_type py_frozenset_type = {
    .ob = {PY_IMMORTAL, &py_type_type},
    .name = "frozenset",
    .flags = PY_TF_GC | PY_TF_BASETYPE,
    .basicsize = sizeof(py_set),
    .new_ = frozenset_tp_new,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .nb = {[PY_OP_SUB] = set_sub, [PY_OP_AND] = set_and, [PY_OP_XOR] = set_xor,
           [PY_OP_OR] = set_or},
    .len = set_len,
    .contains = set_contains_slot,
    .methods = frozenset_methods,
};
