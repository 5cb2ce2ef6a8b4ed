#!/usr/bin/env python3
"""refpy: run a Python script on CPython 3.11, unchanged, on coroscope's virtual clock.

This is the project's reference harness: the golden outputs coroscope is
compared with are what CPython prints under this harness. See README.md in
this folder for the contract; the short form:

  usage: refpy.py [--threads auto|virtual|scaled] [--scale F] SCRIPT.py [ARGS...]

How it works. refpy.py itself never runs the script. It builds a fixed
environment and replaces itself (execve) with a plain `python3 SCRIPT.py
ARGS...`, with the folder site/ of this harness on PYTHONPATH. CPython
imports site/sitecustomize.py at start-up, before __main__; that module
calls install() below, which patches time and asyncio and then removes
every trace of itself from sys.path and os.environ. The script then runs as
CPython's own __main__: sys.argv, __file__, sys.path[0], the recursion
depth, warnings, syntax errors and uncaught tracebacks are exactly those of
`python3 SCRIPT.py`, because they are produced by the same code path.

What install() patches, and why:

  * time.time/monotonic/perf_counter (and the _ns forms) read the virtual
    clock, which starts at 0.0. time.sleep(x) adds x to it and returns at
    once. time.localtime/gmtime/ctime/asctime/strftime default to the
    virtual clock too (TZ=UTC, so 0.0 is 1970-01-01 00:00:00).
  * asyncio's BaseEventLoop.time reads the virtual clock.
  * BaseEventLoop._run_once is replaced by a copy of CPython 3.11's with two
    changes: (1) where CPython would block in the selector with a timeout,
    the clock jumps to the earliest timer's deadline exactly and the
    selector is only polled; where it would block with no timeout and
    nothing can ever wake it, the run stops with the deadlock report and
    exit status 3; (2) a timer is due when deadline <= now (CPython adds the
    clock resolution to now, which would also fire timers up to 1 ns later
    than the clock: a virtual clock has no resolution).
  * asyncio's TimerHandle orders timers by (deadline, creation sequence):
    CPython's compares the deadline only, and heapq is not stable, so two
    timers with equal deadlines could fire in either order. coroscope's
    runtime fires them in creation order; the harness makes CPython do the
    same.
  * random is seeded with 0 (a script that seeds again overrides it).
  * In virtual mode starting a thread is an error (exit 4): a thread needs
    --threads scaled, which --threads auto picks when the script's code
    uses one of the names in THREAD_MARKERS.

Threads (--threads scaled): real threads on a real clock scaled down. The
clock reads (real seconds since start) / SCALE, time.sleep(x) really sleeps
x * SCALE, and the loop's selector really waits timeout * SCALE. Output
order is reliable when the script's events are separated by at least a few
virtual hundredths of a second; printed times are only as exact as the
script rounds them.
"""

import os
import sys

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))
SITE_DIR = os.path.join(HARNESS_DIR, "site")

DEADLOCK_LINE = "coroscope: deadlock: no task can run and nothing can wake the loop"
EXIT_DEADLOCK = 3
EXIT_HARNESS = 4          # the harness itself refuses (wrong Python, thread in virtual mode)
DEFAULT_SCALE = 0.1       # scaled mode: one virtual second is 0.1 real seconds

# Names in a script's code that select scaled-thread mode under --threads auto
# ("concurrent" covers concurrent.futures).
THREAD_MARKERS = ("threading", "concurrent", "ThreadPoolExecutor", "to_thread",
                  "run_in_executor", "run_coroutine_threadsafe", "call_soon_threadsafe")


# --------------------------------------------------------------------------
# The launcher (runs in the refpy.py process, then execs python3 SCRIPT)
# --------------------------------------------------------------------------

def _usage(msg):
    sys.stderr.write("refpy: %s\nusage: refpy.py [--threads auto|virtual|scaled] "
                     "[--scale F] SCRIPT.py [ARGS...]\n" % msg)
    sys.exit(2)


def detect_mode(source_bytes):
    """virtual, or scaled when the script's code (not its comments or
    strings: a lesson's narration may well say "threading") uses one of
    THREAD_MARKERS as a name. A script that does not tokenize runs virtual:
    CPython reports its syntax error either way."""
    import io
    import tokenize
    try:
        for tok in tokenize.tokenize(io.BytesIO(source_bytes).readline):
            if tok.type == tokenize.NAME and tok.string in THREAD_MARKERS:
                return "scaled"
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
        pass
    return "virtual"


def launcher(argv):
    threads, scale = "auto", DEFAULT_SCALE
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        opt = argv[i]
        if opt == "--":
            i += 1
            break
        if opt.startswith("--threads"):
            val = opt.split("=", 1)[1] if "=" in opt else (argv[i + 1] if i + 1 < len(argv) else "")
            i += 1 if "=" in opt else 2
            if val not in ("auto", "virtual", "scaled"):
                _usage("--threads takes auto, virtual or scaled")
            threads = val
        elif opt.startswith("--scale"):
            val = opt.split("=", 1)[1] if "=" in opt else (argv[i + 1] if i + 1 < len(argv) else "")
            i += 1 if "=" in opt else 2
            try:
                scale = float(val)
            except ValueError:
                _usage("--scale takes a positive number")
            if not scale > 0:
                _usage("--scale takes a positive number")
        else:
            _usage("unknown option " + opt)
    if i >= len(argv):
        _usage("no script given")
    script, args = argv[i], argv[i + 1:]
    try:
        with open(script, "rb") as f:
            source = f.read()
    except OSError as e:
        _usage("cannot read %s: %s" % (script, e.strerror))
    mode = detect_mode(source) if threads == "auto" else threads

    env = dict(os.environ)
    # Determinism: string hashing (set iteration order of str), time zone,
    # and UTF-8 I/O whatever the caller's locale is.
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"
    env["PYTHONIOENCODING"] = "utf-8"
    env["REFPY_CONFIG"] = "%s %r %s" % (mode, scale, env.get("PYTHONPATH", ""))
    env["PYTHONPATH"] = SITE_DIR + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for var in ("PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONASYNCIODEBUG", "PYTHONDEVMODE"):
        env.pop(var, None)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, script] + args, env)


# --------------------------------------------------------------------------
# The patches (run inside the script's interpreter, from sitecustomize)
# --------------------------------------------------------------------------

class _Clock:
    """The one clock every patched function reads."""

    def __init__(self, mode, scale):
        import time
        self.mode = mode
        self.scale = scale
        self._real_monotonic = time.monotonic
        self._t0 = time.monotonic()
        self._now = 0.0          # virtual mode: the clock itself

    def now(self):
        if self.mode == "virtual":
            return self._now
        return (self._real_monotonic() - self._t0) / self.scale

    def advance_to(self, when):
        """Virtual mode: jump forward to `when` exactly (never backwards)."""
        if when > self._now:
            self._now = when

    def add(self, secs):
        """Virtual mode: time.sleep(secs)."""
        self._now = self._now + secs


_clock = None


def _flush_std():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass


def _harness_fail(msg):
    _flush_std()
    sys.__stderr__.write("refpy: " + msg + "\n")
    sys.__stderr__.flush()
    os._exit(EXIT_HARNESS)


def _patch_time(clock):
    import time
    real_sleep = time.sleep
    real_localtime, real_gmtime = time.localtime, time.gmtime
    real_ctime, real_asctime, real_strftime = time.ctime, time.asctime, time.strftime

    def now():
        return clock.now()

    def now_ns():
        # Nearest nanosecond of the float clock (ties to even, Python's round).
        return round(clock.now() * 1_000_000_000)

    def sleep(secs):
        # Valid lengths move the clock; invalid ones go to the real
        # time.sleep, which raises CPython's own error at once
        # (ValueError: sleep length must be non-negative, OverflowError,
        # TypeError). Other numeric types (rare) really sleep, unscaled.
        if isinstance(secs, (int, float)) and 0 <= secs < 9e9:
            if clock.mode == "virtual":
                clock.add(secs)
            else:
                real_sleep(secs * clock.scale)
            return None
        return real_sleep(secs)

    def localtime(secs=None):
        return real_localtime(clock.now() if secs is None else secs)

    def gmtime(secs=None):
        return real_gmtime(clock.now() if secs is None else secs)

    def ctime(secs=None):
        return real_ctime(clock.now() if secs is None else secs)

    def asctime(*t):
        return real_asctime(*t) if t else real_asctime(real_localtime(clock.now()))

    def strftime(fmt, *t):
        return real_strftime(fmt, *t) if t else real_strftime(fmt, real_localtime(clock.now()))

    for name, fn in (("time", now), ("monotonic", now), ("perf_counter", now),
                     ("time_ns", now_ns), ("monotonic_ns", now_ns), ("perf_counter_ns", now_ns),
                     ("sleep", sleep), ("localtime", localtime), ("gmtime", gmtime),
                     ("ctime", ctime), ("asctime", asctime), ("strftime", strftime)):
        fn.__name__ = fn.__qualname__ = name
        setattr(time, name, fn)


def _patch_threads(clock):
    import threading
    if clock.mode != "virtual":
        return

    def start(self):
        _harness_fail("thread %r started in virtual mode; run this script with "
                      "--threads scaled (auto mode picks it when the code uses one of "
                      "the names %s)" % (self.name, ", ".join(THREAD_MARKERS)))
    threading.Thread.start = start


def _other_threads_alive():
    import threading
    me = threading.current_thread()
    return any(t is not me and t.is_alive() for t in threading.enumerate())


def _patch_asyncio(clock):
    import heapq
    import weakref
    import asyncio
    from asyncio import base_events, events, tasks

    # -- timer order: (deadline, creation sequence) ------------------------
    # CPython's TimerHandle compares _when alone and the timer heap is a
    # heapq, which is not stable: timers with equal deadlines may pop in any
    # order. coroscope fires them in creation order, so the harness adds a
    # creation sequence as the tie-breaker. TimerHandle has __slots__, so the
    # sequence lives in a subclass that call_at creates (base_events looks up
    # events.TimerHandle at each call); it keeps the class name so that reprs
    # still read <TimerHandle when=...>, and isinstance(h, asyncio.TimerHandle)
    # still holds.
    base_timer = events.TimerHandle
    seq_counter = [0]

    class TimerHandle(base_timer):
        __slots__ = ("_seq",)

        def __init__(self, when, callback, args, loop, context=None):
            super().__init__(when, callback, args, loop, context)
            seq_counter[0] += 1
            self._seq = seq_counter[0]

        def _key(self):
            return (self._when, getattr(self, "_seq", 0))

        def __lt__(self, other):
            if isinstance(other, base_timer):
                return self._key() < TimerHandle._key(other)
            return NotImplemented

        def __le__(self, other):
            if isinstance(other, base_timer):
                return self._key() <= TimerHandle._key(other)
            return NotImplemented

        def __gt__(self, other):
            if isinstance(other, base_timer):
                return self._key() > TimerHandle._key(other)
            return NotImplemented

        def __ge__(self, other):
            if isinstance(other, base_timer):
                return self._key() >= TimerHandle._key(other)
            return NotImplemented

        __eq__ = base_timer.__eq__
        __hash__ = base_timer.__hash__

    TimerHandle.__module__ = base_timer.__module__
    events.TimerHandle = TimerHandle

    # -- task creation order, for the deadlock report ----------------------
    task_seq = weakref.WeakKeyDictionary()
    task_counter = [0]
    import _asyncio
    sets = {id(tasks._all_tasks): tasks._all_tasks}
    if hasattr(_asyncio, "_all_tasks"):
        sets[id(_asyncio._all_tasks)] = _asyncio._all_tasks
    for ws in sets.values():
        def add(task, _orig=ws.add):
            task_counter[0] += 1
            try:
                task_seq[task] = task_counter[0]
            except TypeError:
                pass
            _orig(task)
        ws.add = add    # the C Task calls the set's "add" by name

    # -- the loop's clock ---------------------------------------------------
    def time(self):
        return clock.now()
    time.__qualname__ = "BaseEventLoop.time"
    base_events.BaseEventLoop.time = time

    # -- one loop iteration -------------------------------------------------
    MAXIMUM_SELECT_TIMEOUT = base_events.MAXIMUM_SELECT_TIMEOUT
    MIN_SCHEDULED = base_events._MIN_SCHEDULED_TIMER_HANDLES
    MIN_CANCELLED_FRACTION = base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION
    logger = base_events.logger
    format_handle = base_events._format_handle

    def can_never_wake(loop):
        """Nothing ready, no timer: could anything still wake the selector?"""
        selector = getattr(loop, "_selector", None)
        if selector is not None:
            ssock = getattr(loop, "_ssock", None)
            self_pipe = ssock.fileno() if ssock is not None else -1
            for key in selector.get_map().values():
                if key.fd != self_pipe:
                    return False      # real I/O registered: it may arrive
        return not _other_threads_alive()

    def select(loop, timeout):
        if clock.mode == "virtual" and timeout != 0:
            # Whatever is already readable (a signal's byte on the self-pipe)
            # is handled now: the clock moves only when nothing is waiting.
            events = loop._selector.select(0)
            if events:
                return events
        if timeout is None:
            if can_never_wake(loop):
                deadlock_report(loop)
            return loop._selector.select(None)
        if clock.mode == "virtual":
            if timeout > 0:
                # Jump to the deadline itself, not now + timeout: the two
                # differ by rounding, and coroscope's clock is the deadline.
                clock.advance_to(loop._scheduled[0]._when)
            return loop._selector.select(0)
        return loop._selector.select(timeout * clock.scale)

    def _run_once(self):
        """CPython 3.11.7's BaseEventLoop._run_once on the virtual clock.

        Identical to asyncio/base_events.py except at the two places marked
        [refpy]."""
        sched_count = len(self._scheduled)
        if (sched_count > MIN_SCHEDULED and
            self._timer_cancelled_count / sched_count >
                MIN_CANCELLED_FRACTION):
            new_scheduled = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)

            heapq.heapify(new_scheduled)
            self._scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False

        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            when = self._scheduled[0]._when
            timeout = min(max(0, when - self.time()), MAXIMUM_SELECT_TIMEOUT)

        event_list = select(self, timeout)            # [refpy] virtual wait
        self._process_events(event_list)
        event_list = None

        end_time = self.time()                        # [refpy] due: when <= now
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when > end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            self._ready.append(handle)

        ntodo = len(self._ready)
        for i in range(ntodo):
            handle = self._ready.popleft()
            if handle._cancelled:
                continue
            if self._debug:
                try:
                    self._current_handle = handle
                    t0 = self.time()
                    handle._run()
                    dt = self.time() - t0
                    if dt >= self.slow_callback_duration:
                        logger.warning('Executing %s took %.3f seconds',
                                       format_handle(handle), dt)
                finally:
                    self._current_handle = None
            else:
                handle._run()
        handle = None

    _run_once.__qualname__ = "BaseEventLoop._run_once"
    base_events.BaseEventLoop._run_once = _run_once

    # -- the deadlock report ------------------------------------------------
    stdlib = os.path.dirname(os.__file__) + os.sep

    def where(frame):
        code = frame.f_code
        fname = code.co_filename
        if fname.startswith(stdlib):            # asyncio/locks.py, not /usr/lib/...
            fname = fname[len(stdlib):]
        return "%s() at %s:%s" % (code.co_qualname, fname, frame.f_lineno)

    def await_chain(task):
        chain, obj, seen = [], task.get_coro(), set()
        while obj is not None and id(obj) not in seen:
            seen.add(id(obj))
            frame = (getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
                     or getattr(obj, "ag_frame", None))
            if frame is not None:
                chain.append(where(frame))
            obj = (getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
                   or getattr(obj, "ag_await", None))
        return chain

    def deadlock_report(loop):
        _flush_std()
        out = ["coroscope: deadlock at virtual time %r: nothing is ready, no timer is "
               "pending, and no thread or I/O can wake the loop" % clock.now()]
        try:
            pending = [t for t in tasks.all_tasks(loop) if not t.done()]
        except Exception:
            pending = []
        pending.sort(key=lambda t: (task_seq.get(t, 1 << 60), t.get_name()))
        if not pending:
            out.append("  (no pending task: nothing is scheduled, yet the loop was told to keep running)")
        for t in pending:
            out.append("  " + repr(t))
            chain = await_chain(t)
            if chain:
                out.append("    await chain: " + " -> ".join(chain))
            waiter = getattr(t, "_fut_waiter", None)
            if waiter is not None:
                if isinstance(waiter, asyncio.Task):
                    out.append("    waits on task %r" % waiter.get_name())
                else:
                    out.append("    waits on " + repr(waiter))
        out.append(DEADLOCK_LINE)
        err = sys.__stderr__
        err.write("\n".join(out) + "\n")
        err.flush()
        os._exit(EXIT_DEADLOCK)


def install(config):
    """Install the virtual clock; `config` is "MODE SCALE ORIG_PYTHONPATH"."""
    global _clock
    if sys.version_info[:2] != (3, 11):
        _harness_fail("needs CPython 3.11 (its asyncio loop is copied here), not %s"
                      % sys.version.split()[0])
    parts = config.split(" ", 2)
    mode, scale = parts[0], float(parts[1])
    orig_pythonpath = parts[2] if len(parts) > 2 else ""
    # Leave no trace: the script sees the sys.path and environment that
    # `python3 SCRIPT.py` would give it.
    if orig_pythonpath:
        os.environ["PYTHONPATH"] = orig_pythonpath
    else:
        os.environ.pop("PYTHONPATH", None)
    for d in (SITE_DIR, HARNESS_DIR):
        while d in sys.path:
            sys.path.remove(d)

    _clock = _Clock(mode, scale)
    _patch_time(_clock)
    _patch_threads(_clock)
    _patch_asyncio(_clock)
    import random
    random.seed(0)


if __name__ == "__main__":
    launcher(sys.argv[1:])
