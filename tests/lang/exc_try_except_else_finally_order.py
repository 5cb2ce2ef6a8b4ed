# The order in which try / except / else / finally bodies run.
def run(case):
    log = []
    try:
        log.append("try")
        if case == "raise":
            raise ValueError("boom")
        if case == "other":
            raise KeyError("k")
    except ValueError as e:
        log.append(f"except({e})")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
for case in ("ok", "raise"):
    print(case, run(case))
try:
    run("other")
except KeyError as e:
    print("other escaped:", repr(e))
