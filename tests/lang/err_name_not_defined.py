# An uncaught NameError for a name with no close spelling nearby.
try:
    print(undefined_name_one)
except NameError as e:
    print(type(e).__name__, e)
def use():
    return missing_helper_function()
print("calling use()")
use()
