# An uncaught ValueError from int(): the last stderr line carries the repr of the input.
ages = ["12", "7", "十二"]
total = 0
for a in ages:
    total += int(a)
    print("running total", total)
