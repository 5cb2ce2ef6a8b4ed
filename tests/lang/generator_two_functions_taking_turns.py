# Two generators take turns, driven by a tiny round-robin loop: cooperative multitasking by hand.
def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        yield
    print(f"{name} done")
queue = [worker("A", 3), worker("B", 2), worker("任务C", 1)]
while queue:
    g = queue.pop(0)
    try:
        next(g)
        queue.append(g)
    except StopIteration:
        pass
print("all finished")
