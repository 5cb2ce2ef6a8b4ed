# An uncaught user-defined exception: the last line has no "__main__." prefix.
class QueueFullError(Exception):
    def __init__(self, size):
        super().__init__(f"queue is full ({size} items)")
def put(q, item, limit=2):
    if len(q) >= limit:
        raise QueueFullError(len(q))
    q.append(item)
q = []
for item in "abc":
    put(q, item)
    print("put", item)
