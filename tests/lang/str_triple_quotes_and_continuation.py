# Triple-quoted strings, backslash continuation, implicit joining inside brackets.
text = """line one
    line two (indented)
line three"""
print(text)
print(repr('''a
b'''))
total = 1 + \
    2 + \
    3
print(total)
values = [
    1,
    2,   # a comment inside brackets
    3,
]
print(values, (
    "implicit "
    "concatenation"
))
joined = "no newline \
here"
print(joined)
def f(a,
      b=2):
    return a + b
print(f(1,
        b=5))
