"""A keyring backend that keeps secrets in memory: tests never touch the real credential store."""
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1
    _secrets: dict = {}

    def get_password(self, service, username):
        return self._secrets.get((service, username))

    def set_password(self, service, username, password):
        self._secrets[(service, username)] = password

    def delete_password(self, service, username):
        if self._secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)

    def clear(self):
        self._secrets.clear()
