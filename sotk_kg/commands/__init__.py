"""One module per sub-command; each exposes `register(subparsers)` and keeps heavy imports inside
its handler so that `sotk-kg --help` stays fast."""
