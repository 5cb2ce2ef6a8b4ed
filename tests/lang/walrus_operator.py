# Assignment expressions (:=) in if, while and comprehensions.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print(f"{n} items")
stack = [1, 2, 3]
while (top := stack.pop() if stack else None) is not None:
    print("popped", top)
print([y for x in data if (y := x * 2) > 6], y)
chunks = iter(["ab", "cd", ""])
while chunk := next(chunks):
    print("chunk", chunk)
print((z := 10) + z, z)
