# >> on=start en: await accepts three things: a coroutine call, a coroutine object made earlier, and a task. Only the task is a new task.
# >> on=start zh: await 后面可以跟三种东西：协程调用、事先创建的协程对象、任务。只有任务才是一个新的任务。
import asyncio


def who():
    return asyncio.current_task().get_name()


async def func1():
    print(1, "runs inside", who())


async def func2():
    print(2, "runs inside", who())


async def func3():
    # >> en: Only func3 runs in a task of its own; the loop gave it a default name.
    # >> zh: 只有 func3 在自己的任务里运行；事件循环给它起了一个默认名字。
    print(3, "runs inside", who())


async def main():
    coroutine2 = func2()
    # >> en: task3 is created first and sits in the ready queue, but it cannot run until main gives the loop up.
    # >> zh: task3 最先创建，在就绪队列里等着，但在 main 交出事件循环之前它无法运行。
    task3 = asyncio.create_task(func3())
    # >> en: Awaiting a coroutine call runs it right here, inside main's own task.
    # >> zh: await 一个协程调用，会在这里、在 main 自己的任务里直接运行它。
    await func1()
    await coroutine2
    # >> en: Only now does main suspend, so task3 finally runs: created first, printed last.
    # >> zh: 直到现在 main 才挂起，task3 终于运行：最先创建，最后打印。
    await task3

    # >> en: A task can be given a name when it is created; names help when reading traces.
    # >> zh: 创建任务时可以给它起名字；读跟踪记录时，名字很有帮助。
    named = asyncio.create_task(func1(), name="MY_COROUTINE_1")
    await named
    print("task names:", task3.get_name(), named.get_name())


asyncio.run(main())
