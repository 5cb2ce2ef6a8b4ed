# Seed 002, example 4: a task's exception surfaces where the task is awaited; except and finally both run there.
import asyncio


async def failing():
    raise Exception("failing broke")
    print("unreachable")


async def main():
    job = asyncio.create_task(failing())
    try:
        await job
    except Exception as e:
        print("caught:", e)
    finally:
        print("finally ran")
    print("job:", job.done(), repr(job.exception()))


asyncio.run(main())
