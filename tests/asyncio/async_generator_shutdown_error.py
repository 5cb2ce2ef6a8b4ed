# An async generator whose cleanup raises when asyncio.run closes it at shutdown: the error goes to the loop's exception handler.
import asyncio


def handler(loop, context):
    print("handler:", context["message"].split(" <")[0])
    print("   exception:", repr(context["exception"]), "asyncgen given:", "asyncgen" in context)


async def leaky():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup starts")
        raise OSError("cleanup failed")


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    g = leaky()
    print(await g.__anext__())
    global keep
    keep = g   # still referenced when main returns: closed by shutdown_asyncgens
    print("main returns")


asyncio.run(main())
print("after run")
