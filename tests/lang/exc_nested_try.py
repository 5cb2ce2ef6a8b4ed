# Nested try statements: inner finally runs before the outer handler.
def work():
    try:
        try:
            print("inner try")
            raise KeyError("k")
        except ValueError:
            print("inner except: not reached")
        finally:
            print("inner finally")
        print("not reached")
    except KeyError as e:
        print("outer caught", repr(e))
        try:
            raise RuntimeError("from handler")
        except RuntimeError as e2:
            print("handled inside handler:", e2)
    finally:
        print("outer finally")
    return "done"
print(work())
