"""Reports: exporters (Excel, CSV) and the row builders of the registry lists.

Not a Django app: plain modules used by the back-office views (and later by background tasks).
"""
