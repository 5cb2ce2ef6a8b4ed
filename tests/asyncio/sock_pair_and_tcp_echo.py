# loop.sock_sendall / sock_recv on a socketpair, loop.sock_accept / sock_connect on TCP: real-time mode only (coroscope run --real-time).
import asyncio
import socket


async def reader(loop, sock):
    got = b""
    while True:
        chunk = await loop.sock_recv(sock, 4)
        if not chunk:
            break
        print("reader got", chunk)
        got += chunk
    return got


async def main():
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    task = asyncio.create_task(reader(loop, b))
    await loop.sock_sendall(a, b"hello, sockets")
    print("sent")
    await asyncio.sleep(0.05)
    a.close()
    print("total", await task)
    b.close()

    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.setblocking(False)
    addr = srv.getsockname()

    async def client():
        c = socket.socket()
        c.setblocking(False)
        await loop.sock_connect(c, addr)
        await loop.sock_sendall(c, b"ping")
        reply = await loop.sock_recv(c, 100)
        c.close()
        return reply

    ct = asyncio.create_task(client())
    conn, peer = await loop.sock_accept(srv)
    print("accepted", peer[0], conn.gettimeout())
    data = await loop.sock_recv(conn, 100)
    await loop.sock_sendall(conn, data.upper())
    print("client got", await ct)
    conn.close()
    srv.close()

    c = socket.socket()
    c.setblocking(False)
    try:
        await loop.sock_connect(c, addr)
    except ConnectionRefusedError as e:
        print("refused:", e.errno, e.strerror.startswith("Connect call failed"))
    c.close()
    try:
        await loop.sock_sendall(c, b"x")
    except OSError as e:
        print(e)

asyncio.run(main())
