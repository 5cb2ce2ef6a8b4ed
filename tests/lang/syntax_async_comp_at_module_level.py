# An async set comprehension at module level is a SyntaxError too (a generator expression would be allowed).
print("not printed")
ok = (x async for x in range(3))
bad = {x async for x in range(3)}
