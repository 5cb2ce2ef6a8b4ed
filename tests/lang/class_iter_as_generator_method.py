# __iter__ written as a generator method: each for loop gets a fresh iterator.
class Deck:
    def __init__(self, cards):
        self.cards = cards
    def __iter__(self):
        for card in self.cards:
            yield card
    def reversed_cards(self):
        yield from reversed(self.cards)
d = Deck(["A", "K", "Q"])
print(list(d), list(d), [c * 2 for c in d])
print(list(d.reversed_cards()), "K" in d, "J" in d)
it = iter(d)
print(next(it), next(it), type(it).__name__)
for a in d:
    for b in d:
        if a < b:
            print(a, b)
