"""The triple store behind the server: the embedded Oxigraph store built from the ontology, shapes
and graph (`load`), or a remote SPARQL 1.1 server pushed to and queried instead (`remote`)."""
