"""The HTTP server (FastAPI, `app.create_app`): SPARQL protocol with query safety and a worker
pool, the editor, the validation service, linked-data pages and the DCAT/VoID catalogue."""
