# A string literal that never ends.
message = "unterminated
print(message)
