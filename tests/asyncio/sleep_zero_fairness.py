# sleep(0) puts the task at the back of the ready queue: a task created during a round runs after the tasks already waiting.
import asyncio

log = []


async def worker(name, rounds):
    for i in range(rounds):
        log.append(f"{name}{i}")
        if name == "a" and i == 1:
            asyncio.create_task(worker("late", 2))
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(worker("a", 3), worker("b", 3), worker("c", 2))
    await asyncio.sleep(0)
    print(" ".join(log))


asyncio.run(main())
