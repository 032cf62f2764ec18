package org.tangent4j.core.limits;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.*;
import org.tangent4j.core.testing.Numeric;

class ScratchTest {
    @Test
    void scratch() {
        INDArray x = Numeric.gaussian(1, 40, 50).muli(Math.sqrt(15));
        for (Activation a : new Activation[] {SmoothActivation.TANH, SmoothActivation.SIGMOID, SmoothActivation.GELU}) {
            DenseStack s = DenseStack.fullyConnected(2, a, 1.2, 0.1);
            long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            KernelPair k = InfiniteWidth.of(s).kernels(x, x);
            long t1 = System.nanoTime();
            System.out.printf("%s N=40: %.2f s wall; K00 %.6f T00 %.6f K01 %.6f%n", a.id(), (t1 - t0) / 1e9, k.nngp().getDouble(0,0), k.ntk().getDouble(0,0), k.nngp().getDouble(0,1));
            System.out.println("terms at q=18: " + InfiniteWidth.hermiteTerms(a, 18) + " q=3: " + InfiniteWidth.hermiteTerms(a, 3));
        }
    }
}
