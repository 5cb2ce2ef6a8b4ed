# >> on=start en: asyncio.wait returns two sets, done and pending, when its return_when condition is met. Three rounds, three conditions.
# >> on=start zh: 当 return_when 条件满足时，asyncio.wait 返回两个集合：done 和 pending。三轮，三种条件。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t, fail):
    await asyncio.sleep(t)
    if fail:
        raise Exception(f"task {t} failed")
    return t


def make_tasks():
    # Sleeps of 3, 1 and 2 seconds; the 2-second one fails.
    return [asyncio.create_task(func1(t, t == 2), name=f"task {t}") for t in (3, 1, 2)]


def report(mode, tasks, done, pending):
    # >> en: done and pending are sets, and a set of tasks has no fixed order: we list them in the order of our own list.
    # >> zh: done 和 pending 是集合，任务集合没有固定顺序：我们按自己列表的顺序列出它们。
    print(now(), mode, "done:", [t.get_name() for t in tasks if t in done],
          "pending:", [t.get_name() for t in tasks if t in pending])


async def main():
    tasks = make_tasks()
    # >> en: ALL_COMPLETED (the default): wait returns at 3.0s, when the last task is done. A failure counts as done.
    # >> zh: ALL_COMPLETED（默认）：wait 在 3.0 秒最后一个任务完成时返回。失败也算完成。
    done, pending = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)
    report("ALL_COMPLETED", tasks, done, pending)
    for t in tasks:
        print(now(), "  ", t.get_name(), "->", repr(t.exception() or t.result()))

    tasks = make_tasks()
    # >> en: FIRST_COMPLETED: wait returns as soon as one task is done, at 4.0s: task 1.
    # >> zh: FIRST_COMPLETED：只要有一个任务完成，wait 就返回，也就是 4.0 秒时的任务 1。
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    report("FIRST_COMPLETED", tasks, done, pending)
    # >> en: wait never cancels: the pending tasks would run on. We cancel them ourselves.
    # >> zh: wait 从不取消任务：pending 里的任务会继续运行。我们自己取消它们。
    for t in tasks:  # our list, not the set: a fixed order
        if t in pending:
            t.cancel()

    tasks = make_tasks()
    # >> en: FIRST_EXCEPTION: wait returns when a task fails, at 6.0s: task 1 done, task 2 failed, task 3 pending.
    # >> zh: FIRST_EXCEPTION：有任务失败时 wait 就返回，也就是 6.0 秒：任务 1 完成，任务 2 失败，任务 3 未完成。
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    report("FIRST_EXCEPTION", tasks, done, pending)
    print(now(), "   task 2 ->", repr(tasks[2].exception()))
    for t in tasks:  # our list, not the set: a fixed order
        if t in pending:
            t.cancel()


asyncio.run(main())
