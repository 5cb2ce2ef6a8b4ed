# Subset, superset and disjoint tests; set equality.
small = {1, 2}
big = {1, 2, 3}
print(small <= big, small < big, big < big, big <= big, big >= small, big > small)
print(small.issubset(big), big.issuperset(small), small.isdisjoint({3, 4}), small.isdisjoint(big))
print({1, 2} == {2, 1}, {1} != {1, 2}, {1, 2} == [1, 2])
