# Future done callbacks run in the order they were added, one loop step after set_result; remove_done_callback removes every registration.
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    def cb(name):
        return lambda f: print(name, "sees", f.result(), "done:", f.done())
    a, b = cb("a"), cb("b")
    fut.add_done_callback(a)
    fut.add_done_callback(b)
    fut.add_done_callback(a)
    print("removed:", fut.remove_done_callback(a))
    fut.add_done_callback(cb("c"))
    loop.call_soon(print, "call_soon before set_result")
    fut.set_result(7)
    print("set; callbacks not run yet")
    await asyncio.sleep(0)
    print("after one step")
    try:
        fut.set_result(8)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f2 = loop.create_future()
    try:
        f2.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f2.cancel("why")
    try:
        f2.result()
    except asyncio.CancelledError as e:
        print("CancelledError:", e.args)

asyncio.run(main())
