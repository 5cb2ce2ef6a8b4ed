# map and filter are lazy iterators; several iterables for map.
nums = [1, 2, 3, 4, 5, 6]
print(list(map(str, nums)), list(map(lambda x, y: x + y, nums, nums[1:])))
print(list(filter(lambda x: x % 3 == 0, nums)), list(filter(None, [0, "", "a", 2])))
m = map(lambda x: x * 10, nums)
print(next(m), next(m), list(m), list(m))
print(sum(map(len, ["ab", "c", "异步"])), max(map(abs, [-7, 3])))
