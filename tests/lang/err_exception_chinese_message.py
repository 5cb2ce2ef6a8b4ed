# An uncaught exception whose message is Chinese text.
def parse_age(text):
    if not text.isdigit():
        raise ValueError(f"年龄必须是数字：{text!r}")
    return int(text)
print(parse_age("18"))
print(parse_age("十八"))
