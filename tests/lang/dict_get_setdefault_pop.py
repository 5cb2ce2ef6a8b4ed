# get, setdefault, pop (with and without default), popitem.
stock = {"apple": 3, "pear": 0}
print(stock.get("apple"), stock.get("kiwi"), stock.get("kiwi", 0), stock.get("pear", 99))
print(stock.setdefault("kiwi", 5), stock.setdefault("apple", 100), stock)
groups = {}
for word in ["ant", "bee", "ape", "bat", "cow"]:
    groups.setdefault(word[0], []).append(word)
print(groups)
print(stock.pop("pear"), stock.pop("nope", "default"), stock)
print(stock.popitem(), stock)
try:
    stock.pop("nope")
except KeyError as e:
    print(type(e).__name__, e)
try:
    {}.popitem()
except KeyError as e:
    print(type(e).__name__, e)
