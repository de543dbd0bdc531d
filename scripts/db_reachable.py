"""Exit 0 when the PostgreSQL server of the given URL accepts a connection, 1 otherwise."""

import sys
from urllib.parse import urlparse

try:
    import psycopg
except ImportError:  # pragma: no cover
    sys.exit(1)

url = sys.argv[1] if len(sys.argv) > 1 else ""
if not url.startswith(("postgres://", "postgresql://")):
    sys.exit(1)
parsed = urlparse(url)
try:
    psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
sys.exit(0)
