package org.tangent4j.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.regression.Features;
import org.tangent4j.core.regression.Targets;

/**
 * The first n training and m test images of Fashion-MNIST (Xiao, Rasul and Vollgraf 2017), scaled to [0, 1] by the
 * training minimum and maximum, with centred one-hot targets; the test is skipped when the data set is absent.
 */
record FashionSubset(INDArray x, Targets y, INDArray test, int[] testLabels) {

    static final Path DIR = Path.of(System.getProperty("tangent4j.fashion", "/usr/share/datasets/fashion-mnist"));

    static FashionSubset load(int n, int m) {
        assumeTrue(Files.isReadable(DIR.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST not found in " + DIR);
        INDArray xr = first(ArrayFiles.read(DIR.resolve("train-images-idx3-ubyte.gz")), n);
        INDArray yr = first(ArrayFiles.read(DIR.resolve("train-labels-idx1-ubyte.gz")), n);
        INDArray tr = first(ArrayFiles.read(DIR.resolve("t10k-images-idx3-ubyte.gz")), m);
        INDArray tl = first(ArrayFiles.read(DIR.resolve("t10k-labels-idx1-ubyte.gz")), m);
        Features.Scaling s = Features.Scaling.fit(Features.Preprocessing.UNIT, xr);
        Targets y = Targets.labels("train-y", yr, 10);
        return new FashionSubset(s.apply(xr), y, s.apply(tr), Targets.labels("test-y", tl, 10).labels());
    }

    private static INDArray first(INDArray a, int n) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(0, n);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx).dup('c');
    }
}
