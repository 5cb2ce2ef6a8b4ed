# Start-up hook of the reference harness: installs refpy's virtual clock.
# CPython imports this module before __main__ because refpy.py puts this
# folder on PYTHONPATH; without REFPY_CONFIG in the environment it does
# nothing. See ../refpy.py and ../README.md.
import os as _os
import sys as _sys

_config = _os.environ.pop("REFPY_CONFIG", None)
if _config is not None:
    _sys.path.insert(0, _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))))
    import refpy as _refpy
    _refpy.install(_config)     # also removes both folders from sys.path
    del _refpy
    # The patched functions keep refpy alive; hide it from sys.modules.
    _sys.modules.pop("refpy", None)
del _os, _sys, _config
