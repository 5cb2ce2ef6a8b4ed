# >> on=start en: Handling tasks one at a time as they finish: call wait with FIRST_COMPLETED in a loop until nothing is pending.
# >> on=start zh: 任务完成一个就处理一个：循环调用 FIRST_COMPLETED 模式的 wait，直到没有未完成的任务。
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


async def main():
    coro = func1(1, False)
    try:
        # >> en: wait() wants tasks. Since Python 3.11 a coroutine here is a TypeError.
        # >> zh: wait() 要的是任务。从 Python 3.11 起，传入协程会引发 TypeError。
        await asyncio.wait([coro])
    except TypeError as e:
        print(now(), "TypeError:", e)
        coro.close()  # we never ran it: close it so it is not reported as never awaited

    tasks = [asyncio.create_task(func1(t, t == 2), name=f"task {t}") for t in (3, 1, 2)]
    pending = set(tasks)
    while pending:
        # >> en: Each pass returns as soon as one more task is done; pending shrinks by one each time.
        # >> zh: 每一轮只要再有一个任务完成就返回；pending 每次少一个。
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:  # one task per pass here: the finish times all differ
            try:
                print(now(), task.get_name(), "->", await task)
            except Exception as e:
                print(now(), task.get_name(), "-> error:", e)
        # >> en: Because we passed tasks, we can look our own objects up in the sets wait gives back.
        # >> zh: 因为我们传入的是任务，所以可以在 wait 返回的集合里找到我们自己的对象。
        print(now(), "   task 3 still pending?", tasks[0] in pending)


asyncio.run(main())
