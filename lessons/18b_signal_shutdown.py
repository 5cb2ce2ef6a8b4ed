# >> on=start en: Two workers tick forever. A SIGINT (what Ctrl-C sends) starts the shutdown through a signal handler on the loop.
# >> on=start zh: 两个 worker 永远在循环打点。SIGINT（按 Ctrl-C 时发送的信号）通过事件循环上的信号处理函数启动关闭流程。
import asyncio
import signal
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def worker(name, period):
    try:
        while True:
            await asyncio.sleep(period)
            print(now(), name, "tick")
    except asyncio.CancelledError:
        print(now(), name, "cancelled: cleaning up")
        raise


async def shutdown(workers):
    # >> en: The handler could not await, so it started this coroutine as a task. It cancels every worker.
    # >> zh: 信号处理函数里不能 await，所以它把这个协程启动成一个任务。它取消所有 worker。
    print(now(), "SIGINT: shutting down")
    for w in workers:
        w.cancel()


async def main():
    loop = asyncio.get_running_loop()
    workers = [asyncio.create_task(worker("fast", 1), name="fast"),
               asyncio.create_task(worker("slow", 2), name="slow")]
    # >> en: The handler is a plain function run by the loop when the signal arrives (Unix only).
    # >> zh: 信号处理函数是一个普通函数，信号到达时由事件循环调用（仅限 Unix）。
    loop.add_signal_handler(signal.SIGINT, lambda: asyncio.create_task(shutdown(workers)))
    # Instead of a person pressing Ctrl-C, the script sends itself SIGINT at 2.5s.
    loop.call_later(2.5, signal.raise_signal, signal.SIGINT)
    results = await asyncio.gather(*workers, return_exceptions=True)
    # >> en: gather with return_exceptions=True waited for both workers to finish cancelling.
    # >> zh: 设置了 return_exceptions=True 的 gather 会等两个 worker 都取消完毕。
    print(now(), "main: workers ended with", [type(r).__name__ for r in results])


asyncio.run(main())
# >> on=timer n=2 en: At 2.0s two timers are due together. slow's was set at 0.0s, fast's at 1.0s: the older one fires first, so slow ticks first.
# >> on=timer n=2 zh: 2.0 秒时有两个定时器同时到期。slow 的在 0.0 秒设置，fast 的在 1.0 秒设置：先创建的先触发，所以 slow 先打点。
# >> on=cancelled en: The cancel reaches each worker at its sleep: its except block can clean up before it ends.
# >> on=cancelled zh: 取消请求在 sleep 处到达每个 worker：它的 except 块可以在结束前做清理。
