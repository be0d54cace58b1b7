"""Reporting: what the platform must hear (the outbox), exports, leaders' claims."""
