# RecursionError inside a task is an ordinary exception: it can be caught there, or it fails the task.
import asyncio

def depth(n):
    return depth(n + 1)

async def deep():
    try:
        depth(0)
    except RecursionError as e:
        print("caught in the task:", e)
    depth(0)

async def main():
    t = asyncio.create_task(deep())
    try:
        await t
    except RecursionError as e:
        print("awaiting the task:", type(e).__name__, e)
    print("task done:", t.done(), type(t.exception()).__name__)

asyncio.run(main())
