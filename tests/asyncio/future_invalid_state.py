# Future state errors: result()/exception() before it is done, set_result twice, and a Task refusing set_result/set_exception.
import asyncio


async def quick():
    return 1


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    for call in (f.result, f.exception):
        try:
            call()
        except asyncio.InvalidStateError as e:
            print("InvalidStateError:", e)
    f.set_result(1)
    try:
        f.set_result(2)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    try:
        f.set_exception(ValueError())
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    print(f.result(), f.exception())
    t = asyncio.create_task(quick())
    for call, arg in ((t.set_result, 1), (t.set_exception, ValueError())):
        try:
            call(arg)
        except RuntimeError as e:
            print("RuntimeError:", e)
    print(await t)
    g = loop.create_future()
    g.set_exception(KeyError)
    print(repr(g.exception()))


asyncio.run(main())
