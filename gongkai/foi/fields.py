"""``EncryptedTextField``: a TextField whose value is encrypted in the database (crypto.py).

Reads decrypt in ``from_db_value``; writes encrypt in ``get_prep_value`` with a fresh nonce, so
the same value never gives the same ciphertext: the column cannot be searched or compared in
SQL (filter on it in Python after decryption, or keep a separate keyed hash if a lookup is ever
needed). An empty string is stored as an empty string so "not given" stays visible.
"""

from __future__ import annotations

from django.db import models

from gongkai.foi import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest (AES-GCM)"

    def _aad(self) -> bytes:
        model = getattr(self, "model", None)
        owner = model._meta.label_lower if model is not None else ""
        return f"{owner}.{self.name}".encode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, aad=self._aad())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if crypto.is_encrypted(value):
            raise ValueError("EncryptedTextField received an already encrypted value")
        return crypto.encrypt(value, aad=self._aad())

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            return None  # ciphertext cannot be searched
        return super().get_lookup(lookup_name)
