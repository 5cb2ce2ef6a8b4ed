# @staticmethod and @classmethod; alternative constructors.
class Temperature:
    unit = "C"
    def __init__(self, degrees):
        self.degrees = degrees
    @classmethod
    def from_fahrenheit(cls, f):
        return cls(round((f - 32) * 5 / 9, 1))
    @staticmethod
    def is_freezing(degrees):
        return degrees <= 0
    def __repr__(self):
        return f"{self.degrees}°{self.unit}"
print(Temperature.from_fahrenheit(212), Temperature.from_fahrenheit(0))
print(Temperature.is_freezing(-1), Temperature(5).is_freezing(5))
class Kelvin(Temperature):
    unit = "K"
print(Kelvin.from_fahrenheit(32), type(Kelvin.from_fahrenheit(32)).__name__)
