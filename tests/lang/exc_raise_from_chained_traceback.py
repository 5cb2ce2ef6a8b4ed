# raise ... from ...: the uncaught traceback shows both, joined by "direct cause".
class ConfigError(Exception):
    pass
def load(settings, key):
    try:
        return settings[key]
    except KeyError as e:
        raise ConfigError(f"missing setting {key!r}") from e
try:
    load({}, "port")
except ConfigError as e:
    print(type(e).__name__, e, "| cause:", repr(e.__cause__), e.__suppress_context__)
print("now uncaught")
load({"host": "h"}, "timeout")
