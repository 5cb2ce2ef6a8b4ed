# >> on=start en: wait with timeout=2 on tasks of 3, 1 and 2 seconds. The 2-second task ends exactly when the time is up: is it done or pending?
# >> on=start zh: 对 3 秒、1 秒、2 秒的任务调用 wait，timeout=2。2 秒的任务恰好在时限到时结束：它算 done 还是 pending？
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1(t, fail):
    # >> en: Each task starts its sleep timer only now, at its first step: after wait() has already set its 2-second timer.
    # >> zh: 每个任务直到第一步运行时才启动自己的 sleep 定时器：这时 wait() 的 2 秒定时器已经设好了。
    await asyncio.sleep(t)
    if fail:
        raise Exception(f"task {t} failed")
    return t


def names(tasks, group):
    return [t.get_name() for t in tasks if t in group]


async def main():
    tasks = [asyncio.create_task(func1(t, t == 2), name=f"task {t}") for t in (3, 1, 2)]
    # >> en: wait() sets its timeout timer before it suspends, so that timer is older than any of the tasks' timers.
    # >> zh: wait() 在挂起之前就设好了超时定时器，所以这个定时器比所有任务的定时器都早创建。
    done, pending = await asyncio.wait(tasks, timeout=2)
    # >> en: Only task 1 is done. At 2.0s the timeout fired first (equal deadlines fire in creation order); task 2 had not run its last step yet.
    # >> zh: 只有任务 1 完成了。2.0 秒时超时定时器先触发（同一时刻到期的定时器按创建顺序触发）；任务 2 还没来得及执行最后一步。
    print(now(), "done:", names(tasks, done), "pending:", names(tasks, pending))
    # >> en: One turn of the loop later, task 2 has failed. The timeout did not cancel anything.
    # >> zh: 事件循环再转一圈，任务 2 已经失败了。超时并没有取消任何任务。
    await asyncio.sleep(0)
    print(now(), "task 2 done now?", tasks[2].done(), "->", repr(tasks[2].exception()))
    print(now(), "task 3 still running?", not tasks[0].done())
    tasks[0].cancel()


asyncio.run(main())
# >> on=timeout en: wait's 2-second timer fires. It only wakes main; the tasks keep running.
# >> on=timeout zh: wait 的 2 秒定时器触发了。它只唤醒 main；任务们继续运行。
