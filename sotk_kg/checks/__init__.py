"""SHACL and roster validation, its reports, and the ontology QC (`ontology_qc`): everything that
checks data, rosters or the ontology against the rules, with one module per step."""
