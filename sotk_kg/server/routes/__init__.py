"""HTTP routes, one module per area; each exposes `make_router(...)`."""
