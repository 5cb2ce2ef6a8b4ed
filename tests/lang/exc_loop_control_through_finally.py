# break and continue pass through finally; an exception in a loop ends it.
results = []
for i in range(6):
    try:
        if i % 2:
            continue
        if i == 4:
            break
        results.append(i)
    finally:
        results.append(f"f{i}")
print(results)
n = 0
while True:
    try:
        n += 1
        if n == 3:
            raise StopIteration("manual")
    except StopIteration as e:
        print("stopped:", e)
        break
    finally:
        print("finally", n)
