"""Evaluation metrics for labelled verdicts and scores: small pure functions,
Python standard library only.

Conventions used throughout: a label is "fake" or "real"; a score is the
probability that the media is fake (0 = looks real, 1 = looks fake), or None
when nothing was scored.
"""
from typing import Dict, Iterable, List, Optional, Sequence

LABELS = ("real", "fake")
# The columns of the confusion matrix: the four report verdicts, then jobs
# that ended without a report (FAILED, CANCELLED, refused upload, timed out).
OUTCOMES = ("likely_real", "inconclusive", "likely_fake", "not_applicable", "failed")
# A score that could not be measured ranks as a coin toss: it neither helps
# nor hurts the AUC, and dropping it would hide failures.
MISSING_SCORE = 0.5
ECE_BINS = 10
# Below this many clips of a class, figures describe those clips, not a detector.
ANECDOTAL_BELOW = 20


def score_or_coin_toss(score: Optional[float]) -> float:
    return MISSING_SCORE if score is None else float(score)


def roc_auc(labels: Sequence[str], scores: Sequence[float]) -> Optional[float]:
    """Area under the ROC curve of `scores` for telling fake from real.

    The Mann-Whitney form: the fraction of (fake, real) pairs in which the
    fake clip scores higher, a tie counting one half. None when either class
    is absent (the area is undefined).
    """
    _check_same_length(labels, scores)
    fakes = [s for lab, s in zip(labels, scores) if lab == "fake"]
    reals = [s for lab, s in zip(labels, scores) if lab == "real"]
    if not fakes or not reals:
        return None
    wins = 0.0
    for f in fakes:
        for r in reals:
            wins += 1.0 if f > r else 0.5 if f == r else 0.0
    return wins / (len(fakes) * len(reals))


def ece_bin_index(probability: float, bins: int = ECE_BINS) -> int:
    """Equal-width bins [0, 1/b), [1/b, 2/b), ..., [(b-1)/b, 1]: 1.0 falls in
    the last bin."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability {probability} is outside [0, 1]")
    return min(int(probability * bins), bins - 1)


def expected_calibration_error(labels: Sequence[str], probabilities: Sequence[float],
                               bins: int = ECE_BINS) -> Optional[float]:
    """Expected calibration error with `bins` equal-width bins: the mean over
    bins of |mean predicted probability - fraction actually fake|, each bin
    weighted by its share of the clips. None with no clips."""
    _check_same_length(labels, probabilities)
    if not probabilities:
        return None
    members: Dict[int, List[int]] = {}
    for i, p in enumerate(probabilities):
        members.setdefault(ece_bin_index(p, bins), []).append(i)
    total = len(probabilities)
    ece = 0.0
    for indices in members.values():
        mean_probability = sum(probabilities[i] for i in indices) / len(indices)
        fraction_fake = sum(1 for i in indices if labels[i] == "fake") / len(indices)
        ece += len(indices) / total * abs(mean_probability - fraction_fake)
    return ece


def confusion_matrix(labels: Sequence[str], outcomes: Sequence[str]) -> Dict[str, Dict[str, int]]:
    """Counts of each outcome (a verdict, or "failed") per label: every label
    row and every outcome column is present, zeros included."""
    _check_same_length(labels, outcomes)
    matrix = {label: {outcome: 0 for outcome in OUTCOMES} for label in LABELS}
    for label, outcome in zip(labels, outcomes):
        if label not in matrix:
            raise ValueError(f"unknown label {label!r}")
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        matrix[label][outcome] += 1
    return matrix


def confident_wrong_count(matrix: Dict[str, Dict[str, int]]) -> int:
    """Fakes called likely_real plus reals called likely_fake."""
    return matrix["fake"]["likely_real"] + matrix["real"]["likely_fake"]


def outcome_rate(matrix: Dict[str, Dict[str, int]], outcomes: Iterable[str]) -> Optional[float]:
    """The share of all clips whose outcome is one of `outcomes`; None with
    no clips."""
    wanted = set(outcomes)
    total = sum(sum(row.values()) for row in matrix.values())
    if total == 0:
        return None
    return sum(n for row in matrix.values() for outcome, n in row.items() if outcome in wanted) / total


def class_counts(labels: Iterable[str]) -> Dict[str, int]:
    counts = {label: 0 for label in LABELS}
    for label in labels:
        counts[label] += 1
    return counts


def is_anecdotal(counts: Dict[str, int], minimum: int = ANECDOTAL_BELOW) -> bool:
    return any(n < minimum for n in counts.values())


def _check_same_length(a: Sequence, b: Sequence):
    if len(a) != len(b):
        raise ValueError(f"{len(a)} labels but {len(b)} values")
