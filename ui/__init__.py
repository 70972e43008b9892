"""The PySide6 review window over the :mod:`reviewer` core."""
