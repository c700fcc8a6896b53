"""Questions the assistant hands to officials: routing by legal field and commune, the
officials' queue, answers delivered on the citizen's channel, and knowledge-base drafts
learned from what people actually ask."""
