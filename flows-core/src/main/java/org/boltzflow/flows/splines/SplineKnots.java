package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;

/**
 * The knots of a batch of splines, each {@code (n, dim, bins + 1)}: input positions, output positions and the
 * derivative of the map at each knot.
 */
public record SplineKnots(NDArray inputs, NDArray outputs, NDArray derivatives) {}
