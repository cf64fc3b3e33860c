"""Open311 GeoReport v2 for the 12345 hotline (hotline-portal-cms.md §2): views, the XML/JSON
rendering, API keys, public de-identified reads and the OpenAPI description."""
