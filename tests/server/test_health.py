import threading

from server.services import services_of
from tests.server.support import assistant_factory
from tests.timing import wait_until


def test_liveness_answers_at_once_and_readiness_waits_for_the_model(make_settings, parser):
    from app import create_app

    loaded = []
    # The model "loads" only once the early readiness was read: no race with a busy machine.
    may_load = threading.Event()

    def slow_factory(subscriptions, currency, quizzes):
        may_load.wait(10)
        loaded.append(True)
        return assistant_factory(parser)(subscriptions, currency, quizzes)

    app = create_app(make_settings(), slow_factory, start_background=True)
    try:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        early = client.get("/readyz")
        assert early.status_code == 503
        assert early.get_json()["model"] is False
        may_load.set()
        ready = wait_until(
            lambda: (response := client.get("/readyz")).status_code == 200 and response,
            what="readiness once the model loaded",
        )
        assert loaded
        assert ready.get_json() == {
            "ready": True,
            "model": True,
            "database": True,
            "channels": ["simulator"],
        }
    finally:
        services_of(app).worker.stop(timeout=2)


def test_a_model_that_cannot_load_keeps_the_server_unready_with_a_reason(make_settings):
    from app import create_app

    def broken(subscriptions, currency):
        raise FileNotFoundError("models/nlu.tar.gz")

    app = create_app(make_settings(), broken, start_background=False)
    services_of(app).holder.load()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert "could not be loaded" in response.get_json()["error"]


def test_unknown_routes_are_404(make_app):
    assert make_app().test_client().get("/webhooks/telegram").status_code == 404
