# Sets of strings have no fixed order (it depends on string hashing), so print them sorted.
tags = {"async", "await", "task", "loop", "async"}
print(sorted(tags), len(tags), "task" in tags)
print(sorted(tags - {"loop"}), sorted({"b", "a"} | {"c"}), sorted({w[0] for w in tags}))
print(sorted(set("hello world")), "".join(sorted(set("banana"))))
