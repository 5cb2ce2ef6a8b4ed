# An uncaught KeyError three calls deep shows every frame in the traceback.
PRICES = {"tea": 2, "coffee": 3}
def price(item):
    return PRICES[item]
def line_total(item, qty):
    return price(item) * qty
def order_total(lines):
    return sum(line_total(i, q) for i, q in lines)
print(order_total([("tea", 2), ("coffee", 1)]))
print(order_total([("tea", 1), ("juice", 2)]))
