# An uncaught AssertionError with a message.
def withdraw(balance, amount):
    assert amount <= balance, "余额不足 (insufficient balance)"
    return balance - amount
print(withdraw(10, 3))
print(withdraw(10, 30))
