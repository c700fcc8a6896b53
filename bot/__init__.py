"""Platform-neutral core of the legal-information assistant: messages, NLU, dialogue, answers."""
