"""PLS regression on one-hot encoded sequences: the pg2 reference model, in Python (scikit-learn)."""
