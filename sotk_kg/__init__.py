"""sotk-kg: command line and settings shared by the pipeline, checks, store and server."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sotk-kg")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0"
