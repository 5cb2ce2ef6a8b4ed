# Seed 001, the mixed example: a blocking download call (requests.get in the article) runs in the default executor, so three downloads overlap.
# No network here: the download is a blocking function of the same shape that sleeps (1 to 3 seconds, so they end in a fixed order)
# and returns a stand-in for the picture's bytes, which is kept in a dict rather than written to a file.
import asyncio
import time

DELAYS = {"10798.jpg": 3, "10792.jpg": 1, "10386.jpg": 2}
saved = {}


class FakeResponse:
    def __init__(self, content):
        self.content = content


def blocking_get(url):
    name = url.rsplit("/")[-1]
    time.sleep(DELAYS[name])
    return FakeResponse("#" * (1000 * DELAYS[name]))   # stands for a picture of 1000 to 3000 bytes


async def fetch_picture(url):
    print("downloading:", url)
    loop = asyncio.get_running_loop()
    response = await loop.run_in_executor(None, blocking_get, url)
    name = url.rsplit("/")[-1]
    print("downloaded:", name, "after", round(time.monotonic() - t0), "s")
    saved[name] = response.content


if __name__ == "__main__":
    urls = [
        "http://pic.example.com/bbpic/98/10798.jpg",
        "http://pic.example.com/bbpic/92/10792.jpg",
        "http://pic.example.com/bbpic/86/10386.jpg",
    ]
    loop = asyncio.get_event_loop()
    t0 = time.monotonic()
    jobs = [loop.create_task(fetch_picture(u)) for u in urls]
    done, pending = loop.run_until_complete(asyncio.wait(jobs))
    print(len(done), "done,", len(pending), "pending; saved", [(name, len(saved[name])) for name in sorted(saved)])
    print("all three overlapped:", round(time.monotonic() - t0), "s in total")
