"""Linked-data publication: IRI <-> URL mapping, resource descriptions, HTML pages for people."""
