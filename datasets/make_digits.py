#!/usr/bin/env python3
"""Writes datasets/digits.csv: scikit-learn's bundled copy of the UCI optical handwritten digits.

1,797 images of 8 × 8 pixels, each pixel a count 0–16 of ink in a 4 × 4 block of the original
32 × 32 bitmap; columns pixel_R_C (row R, column C, scikit-learn's `feature_names`, row-major, so
`--image 8x8` draws them the right way up), then the digit as the label, spelt as a word (`zero` …
`nine`) so that it is read as the label column, not as a 65th feature. Pixels are written as
integers, as the data hold them. Usage (from the repository root):

    python3 datasets/make_digits.py            # scikit-learn 1.9.1
"""
import csv, os
from sklearn.datasets import load_digits

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
digits = load_digits()
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv")
with open(path, "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(digits.feature_names) + ["digit"])
    for pixels, digit in zip(digits.data, digits.target):
        writer.writerow([int(v) for v in pixels] + [WORDS[int(digit)]])
