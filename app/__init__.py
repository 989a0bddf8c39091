"""Panelist domain core: models, services, providers and the JSON API. No NiceGUI imports here."""
