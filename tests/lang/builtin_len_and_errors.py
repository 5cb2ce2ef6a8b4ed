# len() of containers and strings; objects without a length.
print(len("abc"), len("中文字"), len([1, [2, 3]]), len((1,)), len({"a": 1}), len({1, 2, 2}), len(range(0, 10, 3)), len(""))
for bad in (5, 2.5, None, len):
    try:
        len(bad)
    except TypeError as e:
        print(type(e).__name__, e)
