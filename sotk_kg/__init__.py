"""sotk-kg, one package: the text-to-RDF `pipeline`, the `checks` (SHACL, rosters), the `store`,
the `server`, the command line (`cli`, `commands`), `settings`, `iris` (minting, parsing and
rebasing the project's IRIs) and `resources` (where the data folders are). Imports point down
that list's layers (README, "How the data flows")."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sotk-kg")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0"
