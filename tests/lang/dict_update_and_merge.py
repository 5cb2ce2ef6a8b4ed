# update() with a dict, keywords and pairs; | and |= ; ** unpacking.
base = {"host": "localhost", "port": 80}
base.update({"port": 8080})
base.update(debug=True)
base.update([("user", "root"), ("port", 9000)])
print(base)
extra = {"port": 1, "tls": False}
print(base | extra)
print(extra | base)
merged = {**base, **extra, "new": 1}
print(merged)
base |= {"host": "example.org"}
print(base)
try:
    base.update([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
