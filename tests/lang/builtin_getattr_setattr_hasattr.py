# getattr/setattr/hasattr/delattr by name.
class Settings:
    debug = False
s = Settings()
for name in ("debug", "verbose"):
    print(name, hasattr(s, name), getattr(s, name, "<unset>"))
setattr(s, "verbose", True)
print(s.verbose, getattr(s, "verbose"))
delattr(s, "verbose")
print(hasattr(s, "verbose"))
try:
    getattr(s, "missing")
except AttributeError as e:
    print(type(e).__name__, e)
