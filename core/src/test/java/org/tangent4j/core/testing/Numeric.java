package org.tangent4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared numeric test fixtures: seeded float64 data and closeness assertions of the form
 * |a - b| &lt;= atol + rtol |b| (elementwise) or relative Frobenius error. Published as core's test-jar.
 */
public final class Numeric {

    private Numeric() {
    }

    /** A seeded [rows, cols] float64 matrix of standard normal entries (java.util.Random, reproducible). */
    public static INDArray gaussian(long seed, int rows, int cols) {
        Random r = new Random(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(a);
    }

    /** Points (cos g, sin g) on the unit circle, one row per angle. */
    public static INDArray circle(double... angles) {
        double[][] a = new double[angles.length][];
        for (int i = 0; i < angles.length; i++) {
            a[i] = new double[] {Math.cos(angles[i]), Math.sin(angles[i])};
        }
        return Nd4j.createFromArray(a);
    }

    /** ||a - b||_F / ||b||_F (or ||a - b||_F when b = 0). */
    public static double relativeError(INDArray actual, INDArray expected) {
        assertThat(actual.shape()).as("shape").isEqualTo(expected.shape());
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray b = expected.castTo(DataType.DOUBLE);
        double diff = a.sub(b).norm2Number().doubleValue();
        double ref = b.norm2Number().doubleValue();
        return ref == 0 ? diff : diff / ref;
    }

    /** Asserts elementwise |actual - expected| &lt;= atol + rtol |expected|, reporting the worst entry. */
    public static void assertClose(INDArray actual, INDArray expected, double rtol, double atol) {
        assertThat(actual.shape()).as("shape").isEqualTo(expected.shape());
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] b = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < a.length; i++) {
            double excess = Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i]));
            if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Double.isNaN(excess))) {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError("entry " + worst + " (flat, of shape " + Arrays.toString(actual.shape())
                    + "): actual " + a[worst] + ", expected " + b[worst] + ", |diff| = " + Math.abs(a[worst] - b[worst])
                    + " > atol " + atol + " + rtol " + rtol + " * |expected|");
        }
    }

    /** Asserts |actual - expected| &lt;= atol + rtol |expected| for scalars. */
    public static void assertClose(double actual, double expected, double rtol, double atol) {
        double tol = atol + rtol * Math.abs(expected);
        if (!(Math.abs(actual - expected) <= tol)) {
            throw new AssertionError("actual " + actual + ", expected " + expected + ", |diff| = "
                    + Math.abs(actual - expected) + " > " + tol + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }
}
