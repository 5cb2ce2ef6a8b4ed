# __exit__ runs when the body returns, breaks or continues.
class Guard:
    def __init__(self, tag):
        self.tag = tag
    def __enter__(self):
        return self
    def __exit__(self, *args):
        print("released", self.tag)
def get():
    with Guard("return"):
        return "value"
print(get())
for i in range(3):
    with Guard(f"loop {i}"):
        if i == 0:
            continue
        if i == 1:
            break
print("end")
