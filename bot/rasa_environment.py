"""Quiets Rasa and TensorFlow and keeps them offline; import before anything from rasa.

The machines that run this have no internet: Rasa's telemetry would only time out, and
TensorFlow's and Rasa's start-up chatter would bury the assistant's own output.
"""

import logging
import os
import warnings

import structlog

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("LOG_LEVEL_LIBRARIES", "ERROR")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def quiet_libraries() -> None:
    """Silences library warnings and logs; safe to call again after Rasa reconfigures them."""
    for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning, UserWarning):
        warnings.filterwarnings("ignore", category=category)
    for noisy in ("tensorflow", "absl", "rasa", "apscheduler", "sanic", "matplotlib", "h5py"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # Rasa logs every parse at debug level through structlog.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))


def _import_tensorflow_quietly() -> None:
    # TensorFlow warns about its own dependencies while importing, then resets the filters.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import tensorflow  # noqa: F401


_import_tensorflow_quietly()
quiet_libraries()
