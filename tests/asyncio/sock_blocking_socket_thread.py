# Blocking sockets (socket.socket, socketpair, create_connection) with a client thread: real-time mode only (coroscope run --real-time).
import socket
import threading

a, b = socket.socketpair()
a.sendall(b"ping")
print(b.recv(10))
b.send(b"pong!")
print(a.recv(3), a.recv(10))
print(a.family == socket.AF_UNIX, a.type == socket.SOCK_STREAM, a.getblocking(), a.gettimeout())
a.setblocking(False)
try:
    a.recv(10)
except OSError as e:
    print(isinstance(e, OSError), e.errno, e)
a.close()
print(b.recv(10))
b.close()
try:
    b.recv(1)
except OSError as e:
    print(e)

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen()
port = srv.getsockname()[1]
print(srv.getsockname()[0], port > 0)

def client():
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.sendall(b"hello from client")
        print("client got", c.recv(100))

t = threading.Thread(target=client)
t.start()
conn, addr = srv.accept()
with conn:
    print("server got", conn.recv(100), addr[0])
    conn.sendall(b"bye")
t.join()
srv.close()
c = socket.socket()
try:
    c.connect(("127.0.0.1", port))
except ConnectionRefusedError as e:
    print("refused", e)
c.close()
c = socket.socket()
c.settimeout(0.05)
try:
    c.bind(("127.0.0.1", 0)); c.listen(); c.accept()
except TimeoutError as e:
    print("timeout", e)
c.close()
try:
    c.bind("x")
except TypeError as e:
    print(e)
try:
    c.recv(1)
except OSError as e:
    print(e)
