# >> on=start en: Two tasks with different sleeps. Who finishes first, and in what order does main read the results?
# >> on=start zh: 两个任务睡眠时间不同。谁先结束？main 又按什么顺序读取结果？
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def others(delay, name):
    print(now(), "start", name)
    await asyncio.sleep(delay)
    print(now(), "end", name)
    return "result of " + name


async def func(delay_1, delay_2):
    print(now(), f"round: task_1 sleeps {delay_1}s, task_2 sleeps {delay_2}s")
    task_1 = asyncio.create_task(others(delay_1, "task_1"))
    task_2 = asyncio.create_task(others(delay_2, "task_2"))
    response_1 = await task_1
    # >> en: main resumes only when task_1 is done, even if task_2 ended earlier: it reads in its own order.
    # >> zh: 只有 task_1 完成时 main 才恢复，即使 task_2 结束得更早：main 按自己的顺序读取结果。
    print(now(), "main read", response_1)
    response_2 = await task_2
    print(now(), "main read", response_2)


# >> en: Round one: task_2 ends at 2.0s, but main still waits on task_1 until 3.0s and prints both then.
# >> zh: 第一轮：task_2 在 2.0 秒结束，但 main 仍在等 task_1，直到 3.0 秒才把两个结果一起打印。
asyncio.run(func(3, 2))
# >> en: Round two (from 3.0s): task_1 ends first, so main reads it at once and then waits for task_2.
# >> zh: 第二轮（从 3.0 秒开始）：task_1 先结束，main 立刻读取它的结果，然后再等 task_2。
asyncio.run(func(2, 3))
