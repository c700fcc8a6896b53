"""Training skips Rasa's cache, and leaves Rasa as it found it afterwards."""

import os

from bot.rasa_training_cache import CACHE_SIZE_ENV, TrainingHook, training_cache_disabled


def test_within_the_block_no_output_is_fingerprinted_or_cached(monkeypatch):
    monkeypatch.delenv(CACHE_SIZE_ENV, raising=False)
    original = TrainingHook.on_after_node
    with training_cache_disabled():
        assert TrainingHook.on_after_node is not original
        # The hook would fingerprint this output; it must not even look at it.
        assert TrainingHook.on_after_node(None, "node", None, {}, object(), {}) is None
        assert os.environ[CACHE_SIZE_ENV] == "0"
    assert TrainingHook.on_after_node is original
    assert CACHE_SIZE_ENV not in os.environ


def test_within_the_block_no_input_is_fingerprinted():
    original = TrainingHook.on_before_node
    with training_cache_disabled():
        # Rasa's hook would look up the node's component and fingerprint every input.
        assert TrainingHook.on_before_node(None, "node", None, {}, {"data": object()}) == {}
    assert TrainingHook.on_before_node is original


def test_a_configured_cache_size_is_restored(monkeypatch):
    monkeypatch.setenv(CACHE_SIZE_ENV, "250")
    with training_cache_disabled():
        assert os.environ[CACHE_SIZE_ENV] == "0"
    assert os.environ[CACHE_SIZE_ENV] == "250"
