"""The local web chat: a stand-in for Zalo and Facebook that needs no platform account.

It goes through the same inbox → assistant → outbox path as the real platforms, as its
own channel; its "send" is the page reading the sent replies back.
"""

CHANNEL = "simulator"
