# A Chinese full-width colon where ":" is required (a frequent slip with Chinese input methods).
for i in range(3)：
    print(i)
