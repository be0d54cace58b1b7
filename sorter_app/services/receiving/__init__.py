"""Receiving: shortages allocated as goods arrive, made final when receiving closes."""
