# 中文注释：这个脚本检查源代码里的中文注释和字符串。
# (Chinese comments and strings in UTF-8 source.)

def 问候():  # a function named in Chinese is legal Python too
    """返回一句问候语。"""
    return "你好"

任务列表 = ["下载", "解析", "保存"]   # 任务 = task
for 序号, 任务 in enumerate(任务列表, 1):
    print(f"{序号}. {任务} —— 完成")   # 完成 = done
print(问候(), 问候.__doc__, len(任务列表))
print(sorted(["香蕉", "苹果", "橙子"]), "、".join(任务列表))
print("长度:", len("事件循环"), "事件循环"[2:], "事件循环".find("循环"))
