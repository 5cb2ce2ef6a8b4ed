# athrow raises an exception at the generator's yield: it may catch it and yield again, or let it escape to the caller.
import asyncio


async def resilient():
    while True:
        try:
            yield "value"
        except ValueError as e:
            print("generator caught", repr(e))
            yield "recovered"


async def main():
    g = resilient()
    print(await g.__anext__())
    print(await g.athrow(ValueError("first")))
    print(await g.__anext__())
    try:
        await g.athrow(KeyError("escapes"))
    except KeyError as e:
        print("caller got", repr(e))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("generator is finished")


asyncio.run(main())
