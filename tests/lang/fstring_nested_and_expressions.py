# f-strings evaluate expressions: calls, conditionals, indexing, nested quotes and braces.
name = "world"
data = {"k": [10, 20, 30]}
n = 5
print(f"hello {name.upper()}!", f"{n * 2 + 1}", f"{'even' if n % 2 == 0 else 'odd'}")
print(f"{data['k'][1]}", f'{data["k"][-1]}', f"{len(data['k'])} items")
print(f"{{braces}} {{{n}}}", f"{n:{'>'}{4}}", f"{','.join(str(i) for i in range(3))}")
print(f"{[i * i for i in range(4)]}", f"{ {'a': 1}['a'] }", f"{(lambda v: v + 1)(n)}")
print(f"total: {sum([1.5, 2.5]):.1f} 元")
