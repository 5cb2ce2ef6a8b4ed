# >> on=start en: Before asyncio, plain generators: a function that can stop in the middle and carry on later.
# >> on=start zh: 在讲 asyncio 之前，先看普通生成器：一个能在中途停下、之后再接着执行的函数。
import time

start = time.monotonic()


def now():
    return f"{time.monotonic() - start:4.1f}s"


def ticker():
    # >> en: The body starts only at the first next(), not when ticker() was called.
    # >> zh: 函数体直到第一次 next() 才开始执行，调用 ticker() 时并没有运行。
    print("ticker: started")
    while True:
        yield "a value from ticker"


gen = ticker()
print("made a generator; its body has not run yet")
print(next(gen))
print("*" * 20)
# >> en: The second next() resumes right after the yield: no "started" line this time.
# >> zh: 第二次 next() 从 yield 之后继续执行：这次不会再打印 "started"。
print(next(gen))


def worker_a():
    while True:
        print(now(), "A runs, then pauses at yield")
        yield
        # >> en: A resumes here when B calls next(); this sleep blocks everyone for half a second.
        # >> zh: B 调用 next() 时，A 从这里恢复；这次 sleep 会让所有人都停半秒。
        time.sleep(0.5)


def driver_b(a, rounds):
    for _ in range(rounds):
        print(now(), "B runs, then hands over to A")
        # >> en: next(a) gives control to A; A gives it back at its yield. Two functions take turns.
        # >> zh: next(a) 把控制权交给 A；A 在 yield 处再交回来。两个函数轮流执行。
        next(a)


# The article's B loops forever; here B stops after three rounds.
driver_b(worker_a(), 3)
# >> on=end en: Taking turns through yield is the idea behind coroutines; the event loop is the one calling next() for you.
# >> on=end zh: 通过 yield 轮流执行，正是协程背后的思想；事件循环就是那个替你调用 next() 的角色。
