# Inheritance, overriding, super() calls, isinstance and issubclass.
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return "animal"
class Dog(Animal):
    sound = "woof"
    def __init__(self, name, tricks=()):
        super().__init__(name)
        self.tricks = list(tricks)
    def kind(self):
        return "dog, a kind of " + super().kind()
class Puppy(Dog):
    def speak(self):
        return super().speak() + " (tiny)"
p = Puppy("Rex", ["sit"])
print(p.speak(), "|", p.kind(), "|", p.tricks)
print(Animal("Cat").speak(), Dog("Fido").speak())
print(isinstance(p, Animal), isinstance(p, Dog), isinstance(Animal("a"), Dog))
print(issubclass(Puppy, Animal), issubclass(Animal, Puppy), issubclass(Dog, object))
print([c.__name__ for c in Puppy.__mro__], Puppy.__bases__[0].__name__, Puppy.__name__)
