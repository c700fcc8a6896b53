"""The shared kernel: who officers are, what each role may do and over which communes,
the refusal a rule raises, and the reason codes of a delivery. Broadcasts, handoff and
the console all import it; it imports nothing of ours, so none of them depends on
another for identity."""
