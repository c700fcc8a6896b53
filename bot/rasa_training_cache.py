"""Trains without Rasa's training cache, which this project never reuses.

Before every node of the training graph Rasa fingerprints the node's inputs, and after it
the node's output, for its cache, walking every token of every example. Skipping the
output's fingerprint saved about 40 % of the training time (profiled, 3,945 examples);
the inputs' fingerprint, kept at first, still took 142 s of a 342 s profiled training of
231 entries, and only the skipped output step ever read it. The cache would only pay off when a model is retrained from
unchanged data with one component changed; here a model is named after a fingerprint of
its data and pipeline (``bot.training``) and is trained once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from bot import rasa_environment  # sets the environment before rasa loads

# isort: split
from rasa.engine.caching import CACHE_SIZE_ENV
from rasa.engine.training.hooks import TrainingHook

rasa_environment.quiet_libraries()


@contextlib.contextmanager
def training_cache_disabled() -> Iterator[None]:
    """Within the block, nodes' inputs and outputs are neither fingerprinted nor cached."""
    original_hooks = TrainingHook.on_before_node, TrainingHook.on_after_node
    original_size = os.environ.get(CACHE_SIZE_ENV)
    TrainingHook.on_before_node = _skip_fingerprint
    TrainingHook.on_after_node = _skip_caching
    os.environ[CACHE_SIZE_ENV] = "0"
    try:
        yield
    finally:
        TrainingHook.on_before_node, TrainingHook.on_after_node = original_hooks
        if original_size is None:
            os.environ.pop(CACHE_SIZE_ENV, None)
        else:
            os.environ[CACHE_SIZE_ENV] = original_size


def _skip_fingerprint(self, node_name, execution_context, config, received_inputs) -> dict:
    return {}


def _skip_caching(self, node_name, execution_context, config, output, input_hook_data) -> None:
    return None
