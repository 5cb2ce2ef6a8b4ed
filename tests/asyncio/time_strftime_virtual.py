# strftime, asctime and ctime read the virtual clock when given no time; common directives as CPython prints them.
import asyncio
import time

print(time.strftime("%Y-%m-%d %H:%M:%S"))
print(time.asctime(), "|", time.ctime())
time.sleep(3725.5)
print(time.strftime("%H:%M:%S %p %I %j %a %A %b %B %y %w %U %%"))
print(time.strftime("%c|%x|%X|%D|%T|%R|%e|%F"))
print(time.ctime(), time.ctime(86400 * 365.25 * 30))
print(repr(time.strftime("")), time.strftime("no directives"))


async def tick():
    for _ in range(3):
        await asyncio.sleep(0.5)
        print("tick", time.strftime("%M:%S"), time.monotonic())


asyncio.run(tick())
# an explicit tuple or struct_time instead of the clock
t = (2024, 2, 29, 13, 5, 9, 3, 60, 0)
print(time.strftime("%Y/%m/%d %H:%M:%S %a %j", t))
print(time.asctime(t))
print(time.strftime("%d.%m.%Y", time.gmtime(1e9)))
# zeros are read as the lowest valid value
print(time.strftime("%m %d %j", (2023, 0, 0, 0, 0, 0, 0, 0, 0)))
for bad in [(2024, 13, 1, 0, 0, 0, 0, 1, 0), (2024, 1, 32, 0, 0, 0, 0, 1, 0),
            (2024, 1, 1, 24, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 60, 0, 0, 1, 0),
            (2024, 1, 1, 0, 0, 62, 0, 1, 0), (2024, 1, 1, 0, 0, 0, 0, 367, 0),
            (2024, 1, 1), "2024", (2024, 1, 1.5, 0, 0, 0, 0, 1, 0)]:
    try:
        time.strftime("%Y", bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
