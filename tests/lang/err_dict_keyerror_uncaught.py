# An uncaught KeyError: the last stderr line is KeyError: 'nope'.
config = {"name": "demo", "retries": 3}
print("name", config["name"])
print("retries", config["retries"])
print("timeout", config["nope"])
