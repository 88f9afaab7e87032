"""The topic model's file names and its `other` threshold: read by the run-time model, the trainer
and the card alike, so none of them imports another to learn them (no import circle)."""

MODEL_FILE = "topics.skops"
CARD_FILE = "topics_card.md"
OTHER = "other"

#: Below this top-class probability a phrase is labelled `other` (its best guess kept as runner-up).
#: Chosen by measurement with the rule in pipeline.classify.train.GUESS_RIGHT_BELOW, on out-of-fold
#: predictions of the train split (sweep table in models/topics_card.md, rerun by every
#: `tiban train-topics`). The rule sits on a knife edge: with the issue 9 team rows below 0.30 the
#: guess is right exactly 1/3 of the time (not less), below 0.20 40%, below 0.15 never (0.1% of
#: phrases), so the rule gives 0.15; earlier rebuilds gave 0.30, 0.35 and 0.45. The figures barely
#: move between 0.15 and 0.45 (accuracy with fallback 0.8899 → 0.8792). A test checks this
#: constant against the card.
THRESHOLD = 0.15
