# __cause__, __context__ and __suppress_context__ in the three raise forms.
def implicit():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("implicit")
def explicit():
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("explicit") from e
def suppressed():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("suppressed") from None
for fn in (implicit, explicit, suppressed):
    try:
        fn()
    except ValueError as e:
        print(e, type(e.__cause__).__name__, type(e.__context__).__name__, e.__suppress_context__)
