"""The pure domain core: no Qt, SQL or HTTP imports here."""
