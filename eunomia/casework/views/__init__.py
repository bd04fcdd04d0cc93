"""Casework pages, by what they show. Every record is found through the reader's scoped query (a
record they may not see is a 404) and every page that shows personal data writes an audit event."""
