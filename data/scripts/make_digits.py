"""Writes the 8x8 handwritten digits of scikit-learn (UCI "Optical Recognition of Handwritten Digits", test part,
1797 images, pixel values 0..16) as NumPy files, split into a training and a test set by a fixed permutation.

Run from the repository root with Debian's interpreter (python3-sklearn ships the data, nothing is downloaded):
    /usr/bin/python3 data/scripts/make_digits.py
Outputs (data/digits/):
    digits-train.npy   float64 (1500, 64), row-major 8x8 images, integer values 0..16
    digits-test.npy    float64 (297, 64)
    labels-train.npy   float64 (1500,), the digit shown
    labels-test.npy    float64 (297,)
"""
import os

import numpy as np
from sklearn.datasets import load_digits

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "digits")
TRAIN = 1500


def main():
    digits = load_digits()
    images = digits.data.astype(np.float64)
    labels = digits.target.astype(np.float64)
    order = np.random.RandomState(0).permutation(len(images))
    images, labels = images[order], labels[order]
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "digits-train.npy"), images[:TRAIN])
    np.save(os.path.join(OUT, "digits-test.npy"), images[TRAIN:])
    np.save(os.path.join(OUT, "labels-train.npy"), labels[:TRAIN])
    np.save(os.path.join(OUT, "labels-test.npy"), labels[TRAIN:])
    print("wrote", OUT, images.shape, "max", images.max())


if __name__ == "__main__":
    main()
