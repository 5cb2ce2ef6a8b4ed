# >> on=start en: Three ways to get a coroutine's answer: the value run_until_complete returns, a done callback, and task.result().
# >> on=start zh: 拿到协程结果的三种方式：run_until_complete 的返回值、完成回调，以及 task.result()。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def do_work(x):
    print(now(), "waiting:", x)
    await asyncio.sleep(x)
    return f"Done after {x}s"


def callback(fut):
    # >> en: The loop calls this once the task has finished; the task is passed in, so result() is ready.
    # >> zh: 任务结束后，事件循环调用这个函数；任务本身作为参数传进来，所以 result() 已经可以用了。
    print(now(), "callback:", fut.result())


loop = asyncio.new_event_loop()
answer = loop.run_until_complete(do_work(1))
# >> en: run_until_complete hands back whatever the coroutine returned.
# >> zh: run_until_complete 直接返回协程的返回值。
print(now(), "run_until_complete returned:", answer)

task = loop.create_task(do_work(2))
task.add_done_callback(callback)
try:
    # >> en: The task exists but has not run: asking for its result now is an error.
    # >> zh: 任务已经创建，但还没运行：现在就要结果会出错。
    task.result()
except asyncio.InvalidStateError as e:
    print(now(), "too early:", e)
# >> en: Watch the order at 3.0s: the callback prints before run_until_complete returns.
# >> zh: 注意 3.0 秒时的顺序：回调先打印，run_until_complete 之后才返回。
loop.run_until_complete(task)
print(now(), "task done?", task.done(), "| result():", task.result())
loop.close()
