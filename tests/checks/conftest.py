from tests.catalog.conftest import catalogue  # noqa: F401 (fixture)
