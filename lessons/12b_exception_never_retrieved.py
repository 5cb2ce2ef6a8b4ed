# >> on=start en: The same failing task, but main never awaits it and never asks for its exception.
# >> on=start zh: 还是那个会失败的任务，但 main 既不 await 它，也不去取它的异常。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1():
    await asyncio.sleep(1)
    raise Exception("func1 failed")


async def main():
    task1 = asyncio.create_task(func1())
    await asyncio.sleep(2)
    print(now(), "main: the task failed a second ago; nobody looked")
    # >> en: Dropping the last reference to the task: asyncio sees an exception that was never retrieved.
    # >> zh: 丢掉对任务的最后一个引用：asyncio 发现有一个异常从未被取出。
    del task1
    print(now(), "main: done")


asyncio.run(main())
# >> on=exception-never-retrieved en: stderr: "Task exception was never retrieved" with the traceback. The error was silent until the task was thrown away.
# >> on=exception-never-retrieved zh: stderr 上出现 "Task exception was never retrieved" 和回溯信息。在任务被丢弃之前，这个错误一直悄无声息。
