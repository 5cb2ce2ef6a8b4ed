# A bare raise re-raises the exception being handled, keeping its traceback.
def step(n):
    if n == 3:
        raise ValueError(f"step {n} failed")
    return n
def run():
    for n in range(5):
        try:
            print("step", step(n))
        except ValueError:
            print("logging the failure, then re-raising")
            raise
try:
    raise
except RuntimeError as e:
    print(type(e).__name__, e)
run()
