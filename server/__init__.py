"""Composition-root internals: settings, storage, the worker and the senders that
``app.create_app`` wires together. Everything here may import every other package."""
