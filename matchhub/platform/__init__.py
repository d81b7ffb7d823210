"""What every domain uses: audit, notices, the mail outbox, links, files, settings, freshness,
metrics, readiness, guards and error pages.
"""
