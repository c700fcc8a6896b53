"""Runs Rasa's own server with its built-in Facebook connector, as the benchmark's peer.

``python bench/rasa_peer.py MODEL PORT GRAPH_BASE CREDENTIALS``. Rasa's Messenger client
(fbmessenger) has the Graph API host hard-coded; this launcher points it at the local fake
platform, the only change made to the peer.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(model: str, port: str, graph_base: str, credentials: str) -> None:
    import fbmessenger

    original_init = fbmessenger.MessengerClient.__init__

    def init_with_local_graph(self, page_access_token, **kwargs):
        original_init(self, page_access_token, **kwargs)
        self.graph_url = f"{graph_base}/v{self.api_version}"

    fbmessenger.MessengerClient.__init__ = init_with_local_graph

    from bot import rasa_environment

    rasa_environment.quiet_libraries()
    from rasa.core.run import serve_application

    serve_application(
        model_path=model, credentials=credentials, port=int(port), interface="127.0.0.1"
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
