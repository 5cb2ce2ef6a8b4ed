# isdigit, isalpha, isalnum, isspace, isupper, islower, isdecimal, isidentifier.
samples = ["123", "12.5", "abc", "abc123", "   ", "", "ABC", "Hello", "a_b", "-5", "中文"]
for s in samples:
    print(f"{s!r:10} digit={s.isdigit()!s:5} alpha={s.isalpha()!s:5} alnum={s.isalnum()!s:5} "
          f"space={s.isspace()!s:5} upper={s.isupper()!s:5} lower={s.islower()!s:5} "
          f"decimal={s.isdecimal()!s:5} ident={s.isidentifier()}")
