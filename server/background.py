"""The server's background work: the assistant loader, the worker and the interval jobs
(the broadcast schedule's poll, Zalo token refresh, new-law feeds)."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from server.services import Services

TOKEN_CHECK_MINUTES = 10


def start_background_work(services: Services) -> Callable[[], None]:
    """Starts everything that runs on its own; returns what stops it."""
    services.holder.load_in_background()
    services.worker.start()
    scheduler = BackgroundScheduler(timezone="UTC")
    services.schedule.install(scheduler)
    tokens = services.channels.zalo_tokens
    if tokens is not None:
        scheduler.add_job(tokens.refresh_if_due, "interval", minutes=TOKEN_CHECK_MINUTES)
    broadcasts = services.settings.broadcasts
    if broadcasts.feeds:
        scheduler.add_job(
            services.feeds().import_all, "interval", minutes=broadcasts.feed_poll_minutes
        )
    scheduler.start()

    def stop() -> None:
        scheduler.shutdown(wait=False)
        services.worker.stop()

    return stop
