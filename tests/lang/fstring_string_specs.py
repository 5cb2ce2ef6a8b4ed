# Format specs applied to strings: width, alignment, fill and precision (truncation).
s = "async"
print(f"[{s:10}] [{s:<10}] [{s:>10}] [{s:^10}] [{s:*<10}] [{s:.3}] [{s:>8.2}]")
for name, state in [("fetch", "done"), ("parse", "pending"), ("下载", "运行中")]:
    print(f"{name:<8}|{state:>8}|")
print(f"[{'':5}]", f"[{None!s:>6}]", f"[{[1, 2]!s:>8}]")
