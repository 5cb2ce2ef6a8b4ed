# Class attributes are shared; assigning through an instance creates an instance attribute.
class Config:
    retries = 3
    tags = []
    def describe(self):
        return f"retries={self.retries}"
a = Config()
b = Config()
a.retries = 10
a.tags.append("shared!")
print(a.describe(), b.describe(), Config.retries, b.tags, Config.tags is a.tags)
Config.retries = 5
print(a.retries, b.retries)
del a.retries
print(a.retries, "retries" in vars(a), sorted(vars(Config).keys() & {"retries", "tags"}))
