# Seed 001, example 1: a generator stops at yield and resumes from there on the next next().
def producer():
    print('-- producer starts --')
    while True:
        yield 'a value from the generator'


gen = producer()
print(next(gen))
print('=' * 20)
print(next(gen))
