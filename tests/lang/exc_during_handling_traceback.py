# An exception raised inside an except block: "During handling of the above exception...".
def parse(text):
    try:
        return int(text)
    except ValueError:
        print("cleanup before failing")
        return undefined_fallback[text]
try:
    parse("x")
except NameError as e:
    print(type(e).__name__, "| context:", repr(e.__context__), e.__cause__)
print("now uncaught")
parse("y")
