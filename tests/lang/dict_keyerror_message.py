# KeyError: str(e) is the repr of the key; a missing key in a nested lookup.
d = {"a": 1, 2: "two", (1, 2): "pair"}
for key in ["missing", 3, (1, 3), "it's", None, 1.5, ""]:
    try:
        d[key]
    except KeyError as e:
        print(f"str={e}  repr={e!r}  args={e.args}")
try:
    {"outer": {"inner": 1}}["outer"]["nope"]
except KeyError as e:
    print(type(e).__name__, e)
