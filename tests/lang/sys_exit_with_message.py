# sys.exit("message") prints the message on stderr and ends with status 1; SystemExit can be caught.
import sys
try:
    sys.exit(2)
except SystemExit as e:
    print("caught SystemExit with code", e.code)
print("still running")
sys.exit("fatal: configuration missing")
