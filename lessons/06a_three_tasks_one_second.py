# >> on=start en: Three jobs of one second each, wrapped in tasks. Run once with asyncio.wait, once with asyncio.gather.
# >> on=start zh: 三个各耗时一秒的工作，包装成任务。先用 asyncio.wait 运行一次，再用 asyncio.gather 运行一次。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def do_some_wait_job(data):
    print(now(), "job", data, "starts")
    # >> en: Each task parks on its own one-second timer; look at the three timers, all due at the same moment.
    # >> zh: 每个任务都停在自己的一秒定时器上；看这三个定时器，它们在同一时刻到期。
    await asyncio.sleep(1)
    return data * 2


async def main():
    # >> en: Creating a task only queues its first step; the three tasks wait in the ready queue.
    # >> zh: 创建任务只是把它的第一步放进就绪队列；三个任务都在就绪队列里等着。
    tasks = [asyncio.create_task(do_some_wait_job(d)) for d in (2, 3, 4)]
    await asyncio.wait(tasks)
    # >> en: asyncio.wait hands back sets; read each result from our own list to keep our order.
    # >> zh: asyncio.wait 返回的是集合；从我们自己的列表里读结果，才能保持我们的顺序。
    for task in tasks:
        print(now(), "wait: task returned", task.result())
    print(now(), "wait round over")

    tasks = [asyncio.create_task(do_some_wait_job(d)) for d in (2, 3, 4)]
    # >> en: gather returns the results directly, in the order the tasks were passed.
    # >> zh: gather 直接返回结果，顺序与传入任务的顺序一致。
    results = await asyncio.gather(*tasks)
    print(now(), "gather returned", results)
    # >> en: 2.0s in total: each round took one second, not three, because the three sleeps overlapped.
    # >> zh: 总共 2.0 秒：每一轮只用了一秒而不是三秒，因为三个 sleep 是重叠进行的。
    print(now(), "gather round over")


asyncio.run(main())
