# asyncio.run shuts the default executor down on a helper thread (a "Thread-N" number of its own); a loop's shutdown_default_executor refuses later jobs.
import asyncio
import threading

async def main():
    worker = await asyncio.to_thread(threading.current_thread)
    print(worker.name, worker.daemon, worker is threading.current_thread())

asyncio.run(main())
print("next default thread name:", threading.Thread().name)

loop = asyncio.new_event_loop()
print(loop.run_until_complete(loop.run_in_executor(None, pow, 2, 8)))
loop.run_until_complete(loop.shutdown_default_executor())
try:
    loop.run_in_executor(None, pow, 2, 8)
except RuntimeError as e:
    print("RuntimeError:", e)
loop.close()
print("and now:", threading.Thread().name)
