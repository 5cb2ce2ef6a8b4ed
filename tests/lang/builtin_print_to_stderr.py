# print(file=sys.stderr) goes to stderr; the golden keeps stdout and stderr's last line.
import sys
print("normal output 1")
print("warning: something odd", file=sys.stderr)
print("normal output 2")
sys.stderr.write("written directly\n")
print("错误: last line on stderr", file=sys.stderr)
print("normal output 3")
