# Future reprs: pending, finished with a result or an exception, cancelled; with one, two or more callbacks.
import asyncio


def one(f):
    pass


def two(f):
    pass


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(f)
    f.add_done_callback(one)
    f.add_done_callback(two)
    print(f)
    f.add_done_callback(one)
    f.add_done_callback(lambda f: None)
    print(f)
    print(f.remove_done_callback(one), f)
    f.set_result([1, "two"])
    print(f)
    g = loop.create_future()
    g.set_exception(ValueError("bad value"))
    print(g)
    g.exception()
    h = loop.create_future()
    h.cancel()
    print(h)
    try:
        loop.create_future().result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)


asyncio.run(main())
