# >> on=start en: Shutting down politely: give every running task a time limit to finish, and cancel the ones that run over.
# >> on=start zh: 体面地关闭：给每个正在运行的任务一个完成的时限，超时的就取消。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def worker(seconds):
    try:
        await asyncio.sleep(seconds)
        print(now(), f"worker {seconds}s: finished")
    except asyncio.CancelledError:
        print(now(), f"worker {seconds}s: cancelled")
        raise


async def shutdown():
    # >> en: all_tasks() includes the task running this code; waiting for ourselves would never end, so leave it out.
    # >> zh: all_tasks() 也包括正在运行这段代码的任务；等待自己永远不会结束，所以要把它排除。
    me = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not me]
    # all_tasks() is a set with no fixed order: sort by name so the order is ours.
    others.sort(key=lambda t: t.get_name())
    print(now(), "shutdown: waiting for", [t.get_name() for t in others], "at most 1s each")
    for t in others:
        try:
            # >> en: Each wait_for starts its own one-second limit when it is reached, so the limits come one after another.
            # >> zh: 每个 wait_for 在执行到它时才开始自己的一秒时限，所以这些时限是一个接一个的。
            await asyncio.wait_for(t, timeout=1)
        except asyncio.TimeoutError:
            print(now(), "shutdown: gave up on", t.get_name())


async def main():
    workers = [asyncio.create_task(worker(s), name=f"worker {s}s") for s in (0.5, 1.5, 5)]
    await asyncio.sleep(1)
    # >> en: At 1.0s the shutdown starts. worker 0.5s is done already; the other two are still sleeping.
    # >> zh: 1.0 秒时开始关闭。worker 0.5s 已经完成；另外两个还在睡。
    await shutdown()
    print(now(), "main: finished or cancelled:", [t.get_name() for t in workers if t.done()])


asyncio.run(main())
# >> on=end en: asyncio.run would also cancel whatever is left when main returns, but at once, with no grace period. shutdown() gave each task its chance.
# >> on=end zh: main 返回时 asyncio.run 也会取消剩下的任务，但那是立即取消，没有宽限期。shutdown() 给了每个任务一次机会。
# >> on=timeout en: worker 5s got its second from 1.5s to 2.5s and ran over: wait_for cancels it.
# >> on=timeout zh: worker 5s 得到的一秒是从 1.5 秒到 2.5 秒，它超时了：wait_for 取消了它。
