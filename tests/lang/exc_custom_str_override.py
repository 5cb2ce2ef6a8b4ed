# __str__ on an exception class controls its message; args stay as passed.
class HTTPError(Exception):
    def __init__(self, status, reason):
        super().__init__(status, reason)
        self.status = status
        self.reason = reason
    def __str__(self):
        return f"HTTP {self.status}: {self.reason}"
try:
    raise HTTPError(404, "Not Found")
except HTTPError as e:
    print(e, "|", e.args, "|", repr(e), "|", f"{e}")
raise HTTPError(500, "Server Error")
