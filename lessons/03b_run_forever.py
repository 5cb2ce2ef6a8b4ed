# >> on=start en: run_forever runs the loop with no end of its own: it returns only when someone calls loop.stop().
# >> on=start zh: run_forever 运行事件循环，自己永远不会结束：只有有人调用 loop.stop() 时它才返回。
import asyncio
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


async def work():
    print(now(), "work: start")
    await asyncio.sleep(1)
    # >> en: stop() does not halt anything at once: the loop finishes this turn, then run_forever returns.
    # >> zh: stop() 不会立刻停下任何东西：事件循环跑完这一轮，然后 run_forever 才返回。
    loop.stop()
    print(now(), "work: asked the loop to stop, and still running this line")


loop = asyncio.new_event_loop()
task = loop.create_task(work())
# >> en: Nothing here says when to return: the loop keeps going until work() calls stop().
# >> zh: 这里没有说什么时候返回：事件循环一直运行，直到 work() 调用 stop()。
loop.run_forever()
print(now(), "run_forever returned; task done?", task.done())
loop.close()
