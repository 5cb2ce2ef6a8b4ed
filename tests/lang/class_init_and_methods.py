# A class with __init__, methods calling methods, and instance attributes.
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
    def deposit(self, amount):
        self.balance += amount
        self.history.append(("deposit", amount))
        return self
    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(f"insufficient funds: {self.balance} < {amount}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return self
    def summary(self):
        return f"{self.owner}: {self.balance} after {len(self.history)} operations"
acct = Account("王芳", 100)
acct.deposit(50).withdraw(30)
print(acct.summary(), acct.history)
try:
    acct.withdraw(1000)
except ValueError as e:
    print(type(e).__name__, e)
acct.nickname = "fang"
print(acct.nickname, acct.balance, Account("x").balance)
