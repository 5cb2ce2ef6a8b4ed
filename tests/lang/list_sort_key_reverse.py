# list.sort and sorted: key, reverse, stability, tuples.
nums = [5, 2, 9, 1, 5, 6]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = ["kiwi", "fig", "banana", "apple", "date"]
print(sorted(words), sorted(words, key=len), sorted(words, key=len, reverse=True))
print(sorted(words, key=lambda w: w[-1]))
people = [("Ann", 30), ("Bob", 25), ("Cy", 30), ("Di", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted([3, 1, 2]) == [1, 2, 3], sorted("bca"), sorted((3, 1)), sorted({2: "b", 1: "a"}))
r = nums.sort()
print(r)
print(sorted([-3, 1, -2], key=abs), sorted([[2, 1], [1, 2], [1]]))
