# Before any hot-path module loads: decide between its compiled and its pure-Python build.
from lists._native import install as _install_native

_install_native()
