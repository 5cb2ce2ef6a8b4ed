# >> on=start en: A future is a box for a result that will arrive later. Here nobody ever puts a result in the box.
# >> on=start zh: future 是一个装“将来才有的结果”的盒子。这里从来没有人往盒子里放结果。
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("main: waiting for a future that nobody will resolve")
    # >> en: main now waits on the future. No task is ready and no timer is pending: nothing can ever wake it.
    # >> zh: main 现在在等这个 future。没有就绪的任务，也没有待触发的定时器：永远没有东西能唤醒它。
    await fut
    print("never printed")


asyncio.run(main())
# >> on=deadlock en: Deadlock: main waits on a future that no one will ever set. CPython would hang here forever; coroscope stops and says why.
# >> on=deadlock zh: 死锁：main 在等一个永远没人设置的 future。CPython 会在这里永远卡住；coroscope 会停下来并说明原因。
