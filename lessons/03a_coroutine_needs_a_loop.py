# >> on=start en: Calling an async function runs none of its code: it returns a coroutine object that waits for a loop.
# >> on=start zh: 调用 async 函数不会执行其中任何代码：它只返回一个协程对象，等着事件循环来运行。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def do_some_job(x):
    print(now(), "job", x, "starts")
    # >> en: A blocking call inside a coroutine: the loop itself stands still for this second.
    # >> zh: 协程里的阻塞调用：这一秒里事件循环本身也停住了。
    time.sleep(1)
    print(now(), "job", x, "ends")
    return x * x


coro = do_some_job(2)
# >> en: We hold a coroutine object, and "job 2 starts" has not been printed.
# >> zh: 我们手里拿着一个协程对象，而 "job 2 starts" 还没有打印。
print(now(), "made a", type(coro).__name__, "object; nothing ran yet")

# The old way: a loop of our own. (In 3.11 asyncio.get_event_loop() would also
# make one here, but it fails once asyncio.run has run, so we ask for a new one.)
loop = asyncio.new_event_loop()
# >> en: run_until_complete wraps the coroutine in a task and runs the loop until that task is done.
# >> zh: run_until_complete 把协程包装成任务，然后运行事件循环，直到这个任务完成。
answer = loop.run_until_complete(coro)
loop.close()
print(now(), "run_until_complete returned", answer)

# >> en: The modern way: asyncio.run makes a fresh loop, runs the coroutine, and closes the loop.
# >> zh: 现代写法：asyncio.run 新建一个事件循环，运行协程，然后关闭循环。
answer = asyncio.run(do_some_job(3))
print(now(), "asyncio.run returned", answer)
# >> on=blocked-loop en: The loop is blocked: time.sleep holds the only thread, so no other task could run now.
# >> on=blocked-loop zh: 事件循环被阻塞了：time.sleep 占住了唯一的线程，此刻任何其他任务都无法运行。
