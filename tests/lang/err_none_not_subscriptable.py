# Subscripting None, a common slip after a function that forgot to return.
def find_user(users, name):
    for u in users:
        if u["name"] == name:
            return u
users = [{"name": "ann", "age": 30}]
print(find_user(users, "ann")["age"])
for bad in (None, 5, len):
    try:
        bad[0]
    except TypeError as e:
        print(type(e).__name__, e)
try:
    None[0] = 1
except TypeError as e:
    print(type(e).__name__, e)
print(find_user(users, "bob")["age"])
