# >> on=start en: A task that raises does not crash anything at once: it finishes, holding its exception, until someone looks.
# >> on=start zh: 任务抛出异常时并不会立刻让程序崩溃：它结束了，把异常保存在自己身上，等着有人来看。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def func1():
    await asyncio.sleep(1)
    # >> en: The exception ends this task. Look: main keeps sleeping, nothing is printed.
    # >> zh: 这个异常让任务结束了。注意：main 还在继续睡，什么都没有打印。
    raise Exception("func1 failed")


def on_done(task):
    print(now(), "callback: done =", task.done(), "| exception =", repr(task.exception()))


async def main():
    task1 = asyncio.create_task(func1())
    task1.add_done_callback(on_done)
    await asyncio.sleep(2)
    # >> en: At 2.0s main checks: the task has been done for a second, with the exception stored inside.
    # >> zh: 2.0 秒时 main 检查：这个任务一秒前就已完成，异常保存在它里面。
    print(now(), "main: task done?", task1.done())
    try:
        # >> en: Awaiting a failed task re-raises its exception here, in main.
        # >> zh: await 一个失败的任务，会在这里、在 main 中重新抛出它的异常。
        await task1
    except Exception as e:
        print(now(), "main caught:", e)
    finally:
        print(now(), "main: finally runs either way")


asyncio.run(main())
