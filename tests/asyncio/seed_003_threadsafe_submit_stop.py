# Seed 003, example 4: one thread runs a loop until it is stopped; a second thread submits a coroutine to it with
# run_coroutine_threadsafe, waits on the concurrent.futures.Future it gets, then stops the loop with call_soon_threadsafe(loop.stop).
import asyncio
import threading
import time

shared_loop = None


def the_loop():
    global shared_loop
    if shared_loop is None:
        shared_loop = asyncio.new_event_loop()
    return shared_loop


def submitter():
    async def give_one():
        print("coroutine runs in", threading.current_thread().name)
        return 1

    loop = the_loop()
    fut = asyncio.run_coroutine_threadsafe(give_one(), loop)   # the coroutine runs in the other thread's loop
    print(fut.result())                                        # block this thread until it is done
    loop.call_soon_threadsafe(loop.stop)


def loop_owner():
    loop = the_loop()
    loop.run_forever()                 # until someone calls loop.stop()
    loop.close()
    print("loop closed:", loop.is_closed())


owner = threading.Thread(target=loop_owner, name="loop-owner")
owner.start()
time.sleep(1)

caller = threading.Thread(target=submitter, name="submitter")
caller.start()
caller.join()
owner.join()
print("both threads done")
