# PriorityQueue orders by the items themselves: equal priorities fall back to the next tuple field; unorderable ties raise TypeError.
import asyncio


class Job:
    def __init__(self, name):
        self.name = name


async def main():
    q = asyncio.PriorityQueue()
    for item in [(2, "b"), (1, "z"), (2, "a"), (0, "m"), (1, "y")]:
        q.put_nowait(item)
    print([q.get_nowait() for _ in range(q.qsize())])
    q.put_nowait((1, Job("first")))
    try:
        q.put_nowait((1, Job("second")))
    except TypeError as e:
        print("TypeError:", e)
    q2 = asyncio.PriorityQueue()
    for seq, (prio, job) in enumerate([(1, Job("x")), (1, Job("y")), (0, Job("w"))]):
        q2.put_nowait((prio, seq, job))
    print([q2.get_nowait()[2].name for _ in range(3)])


asyncio.run(main())
