"""The handling agency's own domain as a prior for weak topic phrases.

A transport bureau's "行业管理" is transport and a health commission's "队伍建设" is health: the
phrase alone does not say so, the agency does. corpora/topics/agency_domains.tsv maps keywords of
agency names to categories; where the model's top probability for a phrase is low, its
probabilities are blended with that category (pipeline.classify.model.TopicModel.predict). A clear
phrase is never overruled: a transport bureau's "老旧小区改造" stays urban_housing.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline import data
from pipeline.classify.data import category_codes, normalise_phrase

#: The prior acts only when the phrase's own top probability is below this, and then gives the
#: agency's category PRIOR_WEIGHT of the mix. Swept (below, weight) with the shipped model on the
#: matched topics of dev (172 texts, 407 topics; `tiban eval ../shared/corpus/dev`, topic category
#: acc, re-classifying the same extractions) and the team sets: none: dev 0.816, holdout 0.952,
#: holdout_c 0.962, holdout_d 0.931, samples 0.958, seeds 1.000; (0.5, 0.3): dev 0.833, holdout_d
#: 1.000, the rest unchanged; (0.6, 0.3) and (0.7, 0.3): dev 0.833 / 0.835 but samples 0.938 (a
#: building-site dust phrase of a housing bureau, environment at 0.57, became urban_housing);
#: (0.5, 0.2): dev 0.830. 0.5 is the largest bound that moves no right team answer.
PRIOR_BELOW = 0.5
#: See PRIOR_BELOW: 0.3 moves a phrase to the agency's category only when that category already
#: had a fair share of its own probability (0.2 recovered one dev topic fewer).
PRIOR_WEIGHT = 0.3


@lru_cache(maxsize=1)
def _keywords() -> tuple[tuple[str, str], ...]:
    """(keyword, category) rows, checked against the taxonomy once."""
    rows = tuple((kw, cat) for kw, cat in data.agency_domains())
    unknown = sorted({cat for _, cat in rows} - set(category_codes()))
    if unknown:
        raise ValueError(f"agency_domains.tsv: categories not in taxonomy.csv: {', '.join(unknown)}")
    return rows


def agency_category(agency: str | None) -> str | None:
    """The category of the agency's domain, or None when its name says none (a government, an office).

    The rightmost keyword wins (a Chinese unit name ends with its most specific part: "县公安局交警大队"
    is the traffic police, transport), the longest of those ending there.
    """
    if not agency:
        return None
    name = normalise_phrase(agency)
    hits = [(name.rfind(kw) + len(kw), len(kw), cat) for kw, cat in _keywords() if kw in name]
    return max(hits)[2] if hits else None


def blend(probs: list[float], classes: tuple[str, ...], category: str | None,
          below: float | None = None, weight: float | None = None) -> list[float]:
    """`probs` mixed with the agency's category when their top is below `below` and the mix puts
    that category on top; else unchanged.

    The prior only ever picks the agency's category: a mix that leaves another category on top
    would only lower its probability and could push a right answer under the `other` threshold.
    `below` and `weight` default to PRIOR_BELOW and PRIOR_WEIGHT as they are when called.
    """
    below = PRIOR_BELOW if below is None else below
    weight = PRIOR_WEIGHT if weight is None else weight
    if category is None or category not in classes or max(probs, default=1.0) >= below:
        return probs
    k = classes.index(category)
    mixed = [(1 - weight) * p + (weight if i == k else 0.0) for i, p in enumerate(probs)]
    return mixed if max(mixed) == mixed[k] else probs
