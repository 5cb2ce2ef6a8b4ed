# One task closes the coroutine of another that waits at an await: GeneratorExit
# runs its finally there and then, close() raises what that finally raises, the
# task stays pending on its sleep, and when asyncio.run cancels it at shutdown
# its step finds the coroutine closed ("cannot reuse already awaited coroutine").
import asyncio


async def sleeper():
    try:
        await asyncio.sleep(10)
    finally:
        print("sleeper: finally")


async def stubborn():
    try:
        await asyncio.sleep(10)
    finally:
        print("stubborn: finally")
        raise ValueError("from finally")


async def closer(a, b):
    await asyncio.sleep(1)
    print("closing", a.get_name())
    a.get_coro().close()
    print("closed:", a.done(), a.cancelled())
    try:
        b.get_coro().close()
    except ValueError as e:
        print("close() raised", repr(e))
    print(a.get_name(), "pending:", not a.done())
    return "closer done"


async def main():
    a = asyncio.create_task(sleeper(), name="a")
    b = asyncio.create_task(stubborn(), name="b")
    print(await asyncio.create_task(closer(a, b), name="closer"))


asyncio.run(main())
print("end")
