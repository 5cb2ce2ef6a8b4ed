# await in a plain def.
import asyncio

def main():
    await asyncio.sleep(1)
