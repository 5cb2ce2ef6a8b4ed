# locks.py: a window scene (coroscope locks): a queue feeds two workers;
# a lock lets one print at a time. CPython runs it unchanged.
# >> on=start en: Two workers share one queue (room for 2 items) and one lock. Watch who holds the lock and who waits for it.
# >> on=start zh: 两个 worker 共用一个队列（最多 2 个元素）和一把锁。看谁持有锁、谁在等锁。
import asyncio


async def producer(q, n):
    for i in range(n):
        # >> en: put() waits while the queue is full (2 items): the producer can run ahead by two.
        # >> zh: 队列满（2 个元素）时 put() 会等待：生产者最多领先两个元素。
        await q.put(i)
        print(f"put {i}")
        await asyncio.sleep(0.5)


async def worker(name, q, lock):
    while True:
        item = await q.get()
        async with lock:
            print(f"{name} got {item}")
            # >> en: This worker sleeps while it holds the lock: the other one, even with an item in hand, waits for the lock.
            # >> zh: 这个 worker 持锁睡眠：另一个即使拿到了元素，也只能等锁。
            await asyncio.sleep(1.0)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    lock = asyncio.Lock()
    w1 = asyncio.create_task(worker("w1", q, lock))
    w2 = asyncio.create_task(worker("w2", q, lock))
    await producer(q, 4)
    # >> en: join() waits until every item put has been marked task_done().
    # >> zh: join() 一直等到每个放入的元素都被 task_done() 标记完成。
    await q.join()
    print("all done")
    w1.cancel()
    w2.cancel()


asyncio.run(main())
# >> on=cancelled en: q.join() returned: every item is done, so main cancels the workers stuck in q.get().
# >> on=cancelled zh: q.join() 返回：所有元素都处理完了，main 取消卡在 q.get() 的 worker。
# >> on=end en: Done. The lock made the workers print one at a time; the queue let the producer run ahead by two items.
# >> on=end zh: 结束。锁让 worker 依次打印；队列让生产者最多领先两个元素。
