"""bench/eval/metrics.py on values computed by hand."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "eval"))
import metrics  # noqa: E402


# ---------------------------------------------------------------- AUC

def test_auc_is_one_when_every_fake_outscores_every_real():
    assert metrics.roc_auc(["real", "fake", "real", "fake"], [0.1, 0.9, 0.2, 0.8]) == 1.0


def test_auc_is_zero_when_every_real_outscores_every_fake():
    assert metrics.roc_auc(["real", "fake"], [0.9, 0.1]) == 0.0


def test_auc_counts_a_tie_as_half_a_win():
    # Pairs (fake, real): (0.5, 0.5) tie = 0.5, (0.5, 0.2) win = 1,
    # (0.9, 0.5) win = 1, (0.9, 0.2) win = 1 -> 3.5 / 4.
    assert metrics.roc_auc(["fake", "fake", "real", "real"], [0.5, 0.9, 0.5, 0.2]) == pytest.approx(0.875)


def test_auc_of_a_mixed_ranking():
    # fakes 0.4, 0.8; reals 0.3, 0.6, 0.9. Wins: 0.4 beats 0.3 (1);
    # 0.8 beats 0.3 and 0.6 (2) -> 3 of 6 pairs.
    labels = ["fake", "fake", "real", "real", "real"]
    assert metrics.roc_auc(labels, [0.4, 0.8, 0.3, 0.6, 0.9]) == pytest.approx(0.5)


def test_auc_of_all_equal_scores_is_one_half():
    assert metrics.roc_auc(["fake", "real", "real"], [0.5, 0.5, 0.5]) == 0.5


def test_auc_is_undefined_with_one_class():
    assert metrics.roc_auc(["fake", "fake"], [0.1, 0.9]) is None
    assert metrics.roc_auc([], []) is None


def test_auc_refuses_mismatched_lengths():
    with pytest.raises(ValueError):
        metrics.roc_auc(["fake", "real"], [0.3])


def test_a_missing_score_ranks_as_a_coin_toss():
    scores = [metrics.score_or_coin_toss(s) for s in [None, 0.2, 0.7]]
    assert scores == [0.5, 0.2, 0.7]
    # fake None (0.5) vs reals 0.2 (win) and 0.7 (loss) -> 0.5.
    assert metrics.roc_auc(["fake", "real", "real"], scores) == 0.5


# ---------------------------------------------------------------- ECE

def test_ece_bins_are_equal_width_and_one_lands_in_the_last():
    assert metrics.ece_bin_index(0.0) == 0
    assert metrics.ece_bin_index(0.099) == 0
    assert metrics.ece_bin_index(0.1) == 1
    assert metrics.ece_bin_index(0.95) == 9
    assert metrics.ece_bin_index(1.0) == 9
    with pytest.raises(ValueError):
        metrics.ece_bin_index(1.2)


def test_ece_is_zero_when_confidences_match_frequencies():
    # Bin 0: two reals at 0.0 (fraction fake 0); bin 9: two fakes at 1.0.
    assert metrics.expected_calibration_error(["real", "real", "fake", "fake"], [0.0, 0.0, 1.0, 1.0]) == 0.0


def test_ece_by_hand():
    # Bin 1 (0.1-0.2): 0.1, 0.15 both real: mean 0.125, fake 0   -> gap 0.125, weight 2/5
    # Bin 8 (0.8-0.9): 0.8 fake, 0.85 real: mean 0.825, fake 0.5 -> gap 0.325, weight 2/5
    # Bin 9 (0.9-1.0): 0.95 fake: mean 0.95, fake 1              -> gap 0.05,  weight 1/5
    labels = ["real", "real", "fake", "real", "fake"]
    probs = [0.1, 0.15, 0.8, 0.85, 0.95]
    expected = 0.4 * 0.125 + 0.4 * 0.325 + 0.2 * 0.05
    assert metrics.expected_calibration_error(labels, probs) == pytest.approx(expected)


def test_ece_of_a_confident_wrong_detector_is_large():
    # Says 0.95 for a real and 0.05 for a fake: every clip's gap is 0.95.
    assert metrics.expected_calibration_error(["real", "fake"], [0.95, 0.05]) == pytest.approx(0.95)


def test_ece_with_fewer_bins_pools_more():
    # One bin holds everything: |mean(0.2, 0.8) - 1/2| = 0.
    assert metrics.expected_calibration_error(["real", "fake"], [0.2, 0.8], bins=1) == 0.0
    assert metrics.expected_calibration_error(["real", "fake"], [0.2, 0.8]) == pytest.approx(0.2)


def test_ece_of_no_clips_is_undefined():
    assert metrics.expected_calibration_error([], []) is None


# ---------------------------------------------------------------- verdicts

def test_confusion_matrix_has_every_cell_and_counts_each_clip_once():
    labels = ["real", "real", "fake", "fake", "fake", "fake"]
    outcomes = ["likely_real", "likely_fake", "likely_real", "inconclusive", "failed", "not_applicable"]
    matrix = metrics.confusion_matrix(labels, outcomes)
    assert matrix == {
        "real": {"likely_real": 1, "inconclusive": 0, "likely_fake": 1, "not_applicable": 0, "failed": 0},
        "fake": {"likely_real": 1, "inconclusive": 1, "likely_fake": 0, "not_applicable": 1, "failed": 1},
    }
    assert metrics.confident_wrong_count(matrix) == 2
    assert metrics.outcome_rate(matrix, ["inconclusive"]) == pytest.approx(1 / 6)
    assert metrics.outcome_rate(matrix, ["not_applicable", "failed"]) == pytest.approx(2 / 6)


def test_right_and_inconclusive_verdicts_are_not_confident_wrong():
    matrix = metrics.confusion_matrix(["real", "fake", "fake"], ["likely_real", "likely_fake", "inconclusive"])
    assert metrics.confident_wrong_count(matrix) == 0


def test_confusion_matrix_refuses_unknown_labels_and_outcomes():
    with pytest.raises(ValueError):
        metrics.confusion_matrix(["maybe"], ["likely_real"])
    with pytest.raises(ValueError):
        metrics.confusion_matrix(["real"], ["probably_real"])


def test_outcome_rate_of_no_clips_is_undefined():
    assert metrics.outcome_rate(metrics.confusion_matrix([], []), ["inconclusive"]) is None


def test_figures_are_anecdotal_below_twenty_clips_of_a_class():
    assert metrics.class_counts(["real", "fake", "fake"]) == {"real": 1, "fake": 2}
    assert metrics.is_anecdotal({"real": 25, "fake": 19})
    assert not metrics.is_anecdotal({"real": 20, "fake": 20})
