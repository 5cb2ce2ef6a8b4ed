# Parameters after * are keyword-only.
def connect(host, *, port=80, timeout):
    return f"{host}:{port} timeout={timeout}"
print(connect("example.org", timeout=5))
print(connect("example.org", port=8080, timeout=1.5))
for call in ("positional", "missing"):
    try:
        if call == "positional":
            connect("h", 8080, 5)
        else:
            connect("h")
    except TypeError as e:
        print(type(e).__name__, e)
def f(a, *, b):
    return a, b
try:
    f(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
