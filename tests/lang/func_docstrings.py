# Docstrings are stored in __doc__; a function without one has None.
def documented():
    """Return the answer."""
    return 42
def plain():
    return 0
class Thing:
    """A thing."""
    def method(self):
        """Do it."""
print(documented.__doc__, plain.__doc__, Thing.__doc__, Thing.method.__doc__)
print(documented(), __doc__)
