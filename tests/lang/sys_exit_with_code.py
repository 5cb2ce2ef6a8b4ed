# sys.exit(n) ends the script with status n; finally blocks still run.
import sys
print("before exit")
try:
    sys.exit(5)
finally:
    print("finally runs during exit")
print("never printed")
