"""Text helpers shared by the stages (no stage of their own): `textmap` (a text with each
character's original offset), `firstchars` (whole-text patterns led by their possible first
characters) and `gloss` (pinyin glosses)."""
