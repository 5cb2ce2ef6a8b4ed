# gmtime and localtime give struct_time: its repr, fields, tuple behaviour and hidden tm_zone / tm_gmtoff.
import time

t = time.gmtime()
print(t)
print(len(t), t[0], t[-1], t[:3], tuple(t) == t, t == (1970, 1, 1, 0, 0, 0, 3, 1, 0))
print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday, t.tm_isdst)
print(t.tm_zone, t.tm_gmtoff, type(t).__name__, type(t))
year, month, *rest = t
print(year, month, rest)
time.sleep(90061.75)
lt = time.localtime()
print(lt)
print(lt.tm_zone, lt.tm_gmtoff, lt == time.gmtime(), hash(lt) == hash(tuple(lt)))
print(time.gmtime(951782400))
print(time.gmtime(-1.5))
print(time.localtime(1234567890.9).tm_sec)
print(isinstance(t, tuple), list(time.gmtime(0))[6:])
s = time.struct_time((2000, 1, 2, 3, 4, 5, 6, 2, -1))
print(s, s.tm_zone)
print(time.mktime(time.localtime(1000)), time.mktime((1970, 1, 2, 0, 0, 0, 0, 0, 0)))
print(time.timezone, time.altzone, time.daylight, time.tzname)
for bad in ["12", float("nan"), 1e300, [1]]:
    try:
        time.gmtime(bad)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    time.struct_time((1, 2, 3))
except TypeError as e:
    print("TypeError", e)
for bad in ["1", float("nan"), -0.5, None]:
    try:
        time.sleep(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
