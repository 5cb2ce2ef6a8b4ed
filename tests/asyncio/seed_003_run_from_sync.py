# Seed 003, example 3: a plain function calls asyncio.run and takes the coroutine's result; asyncio.run refuses to run inside a running loop.
import asyncio


async def fetch_one():
    return 1


def plain_main():
    result = asyncio.run(fetch_one())
    print(result)


async def nested():
    coro = fetch_one()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()


if __name__ == "__main__":
    plain_main()
    asyncio.run(nested())
