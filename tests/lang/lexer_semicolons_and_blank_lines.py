# Semicolons, comments, blank and whitespace-only lines, and a tab-indented block.
x = 1; y = 2; print(x + y)

   
# comment after a line holding only spaces
if x:
	print("tab-indented body")
	if y:
		print("two tabs")
z = 3  # trailing comment
print(z);
class C: pass
def g(): return "one-liner"
print(g(), C.__name__)
