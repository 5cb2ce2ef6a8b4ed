# global rebinding a module variable; reading globals without the statement.
counter = 0
def increment():
    global counter
    counter += 1
    return counter
def read_only():
    return counter * 10
increment()
increment()
print(counter, read_only())
def create():
    global created
    created = "made in a function"
create()
print(created)
