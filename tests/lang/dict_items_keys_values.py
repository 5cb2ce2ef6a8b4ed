# Views: keys(), values(), items(); iteration; view reprs.
prices = {"tea": 2.5, "coffee": 3.0, "juice": 4.25}
print(prices.keys())
print(prices.values())
print(prices.items())
for name in prices:
    print(name, end=" ")
print()
for name, price in prices.items():
    print(f"{name:<8}{price:>6.2f}")
print(list(prices.items())[0], len(prices.keys()), "tea" in prices.keys(), 3.0 in prices.values())
keys = prices.keys()
prices["water"] = 1
print(keys, sum(prices.values()))
print(sorted(prices, key=prices.get), max(prices, key=lambda k: prices[k]))
