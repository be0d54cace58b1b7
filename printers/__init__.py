"""Label and document output: the label model, layouts, ZPL/TSPL/PDF/PNG renderers, transports
and the print queue. Knows nothing of the store: services hand it plain models."""
