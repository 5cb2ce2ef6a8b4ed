# Escape sequences in string literals, and raw strings.
print("tab:\t|", "newline:\\n", "quote:\"", 'apostrophe:\'', "backslash:\\")
print("\x41\x42\x43", "\u4e2d\u6587", "\U0001F600" == "😀", "\101", "\0" == "\x00")
print(len("\n\t\\"), len(r"\n\t\\"), r"C:\new\table", r"\d+\.\d+")
print("a\
b", "bell:" + repr("\a") + " backspace:" + repr("\b") + " formfeed:" + repr("\f") + " vt:" + repr("\v"))
