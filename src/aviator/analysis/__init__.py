"""Analysis: statistics, comparison with the truth, backtests, classifier training."""
