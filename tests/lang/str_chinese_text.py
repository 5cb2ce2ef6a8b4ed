# Chinese text: length counts code points; indexing, slicing, iteration and formatting.
greeting = "你好，世界"   # "Hello, world"
print(greeting, len(greeting), greeting[0], greeting[-2:], greeting[::-1])
for i, ch in enumerate("异步"):
    print(i, ch, ord(ch))
print(chr(20013), chr(25991), "中" < "文", sorted("文中"))
print(f"[{'任务':>6}] [{'任务':<6}] [{'任务':^6}]")
print("协程" + "任务", "队列" * 2, "事件循环".startswith("事件"))
name = "小明"
print("%s 今年 %d 岁" % (name, 12), "{}说：{}".format(name, "你好"))
