"""Read views: plain queries that answer what a screen, a document or a report shows.

The one place outside `sorter_app.store` where SQL is written: each module reads (never writes)
through `store.read()` and returns plain data. Writes go through the repositories of the store.
"""
