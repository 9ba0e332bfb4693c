from tests.servicekit import app_client, database_url, keys, service  # noqa: F401
