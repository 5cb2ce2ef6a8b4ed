# Seed 002, example 5 completed: a SIGINT handler starts a shutdown that gives every other task up to one second (wait_for), cancelling the slow one.
import asyncio
import signal
import time


async def job(label, secs):
    try:
        await asyncio.sleep(secs)
        print(label, "finished at", time.time())
    except asyncio.CancelledError:
        print(label, "cancelled at", time.time())
        raise


async def drain():
    me = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not me and t.get_name().startswith("job")]
    print("draining", sorted(t.get_name() for t in others), "at", time.time())
    for t in sorted(others, key=lambda t: t.get_name()):
        try:
            await asyncio.wait_for(t, 1)
        except asyncio.TimeoutError:
            print(t.get_name(), "ran over its second")


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def on_sigint():
        print("SIGINT at", time.time())
        loop.create_task(drain()).add_done_callback(lambda _: done.set_result(None))

    loop.add_signal_handler(signal.SIGINT, on_sigint)
    asyncio.create_task(job("quick", 1.5), name="job-quick")
    asyncio.create_task(job("slow", 10), name="job-slow")
    loop.call_later(1, signal.raise_signal, signal.SIGINT)
    await done
    print("main ends at", time.time())


asyncio.run(main())
