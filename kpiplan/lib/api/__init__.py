"""The REST API's shared plumbing (imports no app): errors as JSON naming item and field, bulk writes that are
all or nothing, fields and filters that refuse what the database cannot hold, throttling per token.

Each app's api.py holds its own endpoints; kpiplan/api_urls.py collects their routes under /api/v1/.
"""
