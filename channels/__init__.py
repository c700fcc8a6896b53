"""Platform adapters: one subpackage per platform, each with the same contract.

Every adapter verifies signatures on raw bytes, converts payloads to and from the
platform-neutral messages of ``bot.messages`` with pure functions, and sends through one
long-lived ``requests.Session`` that maps failures to the typed errors of
``channels.errors``.
"""
