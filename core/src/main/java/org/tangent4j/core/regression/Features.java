package org.tangent4j.core.regression;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feature preprocessing with statistics taken from the training set only, then applied unchanged to test sets:
 * flattening of images to rows, scaling to [0, 1], standardization.
 */
public final class Features {

    private Features() {
    }

    /** The preprocessing steps; each maps x to (x - shift) / scale with constants fitted on the training points. */
    public enum Preprocessing {
        /** x as read. */
        NONE,
        /** (x - min) / (max - min), min and max over all training values (one pair: pixels keep their relative scale). */
        UNIT,
        /**
         * (x_j - mean_j) / std_j per feature j, population std of the training column; a constant training column
         * (std 0) is only centred (scale 1), so it stays 0 instead of becoming 0/0.
         */
        STANDARDIZE
    }

    /**
     * [N, d1, d2, ...] as [N, d1 d2 ...] (row-major: images become rows of pixels); a matrix or an [N] vector
     * ([N, 1]) is returned as a float64 matrix.
     */
    public static INDArray flatten(INDArray x) {
        Objects.requireNonNull(x, "x");
        if (x.rank() == 0) {
            throw new IllegalArgumentException("x is a scalar: expected points as rows, [N, d] or [N, d1, d2, ...]");
        }
        long n = x.size(0);
        return x.castTo(DataType.DOUBLE).dup('c').reshape('c', n, x.length() / Math.max(n, 1));
    }

    /**
     * An affine map x -&gt; (x - shift) / scale, column by column, fitted once.
     *
     * @param shift per-feature shift
     * @param scale per-feature positive scale
     */
    public record Scaling(double[] shift, double[] scale) {

        public Scaling {
            shift = shift.clone();
            scale = scale.clone();
            if (shift.length != scale.length) {
                throw new IllegalArgumentException("shift has " + shift.length + " entries, scale " + scale.length + ": expected equal");
            }
        }

        /** The map of {@code step} fitted on the training points {@code train} ([N, d]). */
        public static Scaling fit(Preprocessing step, INDArray train) {
            INDArray x = flatten(train);
            int d = (int) x.columns();
            double[] shift = new double[d];
            double[] scale = new double[d];
            Arrays.fill(scale, 1);
            switch (step) {
                case NONE -> { }
                case UNIT -> {
                    double lo = x.minNumber().doubleValue();
                    double hi = x.maxNumber().doubleValue();
                    if (!(hi > lo)) {
                        throw new IllegalArgumentException("training features are all " + lo
                                + ": cannot scale to [0, 1] (expected at least two distinct values)");
                    }
                    Arrays.fill(shift, lo);
                    Arrays.fill(scale, hi - lo);
                }
                case STANDARDIZE -> {
                    double[] mean = x.mean(0).toDoubleVector();
                    double[] std = x.std(false, 0).toDoubleVector();
                    for (int j = 0; j < d; j++) {
                        shift[j] = mean[j];
                        scale[j] = std[j] > 0 ? std[j] : 1;
                    }
                }
            }
            return new Scaling(shift, scale);
        }

        /** (x - shift) / scale for points [N, d] (or images, flattened first); a new float64 matrix. */
        public INDArray apply(INDArray points) {
            INDArray x = flatten(points);
            if (x.columns() != shift.length) {
                throw new IllegalArgumentException("points have " + x.columns() + " features: expected " + shift.length
                        + " like the training points the scaling was fitted on");
            }
            INDArray s = Nd4j.createFromArray(shift).reshape(1, shift.length);
            INDArray c = Nd4j.createFromArray(scale).reshape(1, scale.length);
            return x.subiRowVector(s).diviRowVector(c);
        }
    }
}
