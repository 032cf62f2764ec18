package org.tangent4j.autodiff.tangent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.autodiff.realization.RealizationFactory;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.core.check.Checks;

/**
 * The empirical tangent kernel Theta_theta((x, a), (x', b)) = sum_p dF(x)_a/dtheta_p dF(x')_b/dtheta_p of a
 * realization function (Jacot et al. 2018, Theta^(L)(theta) = sum_p dF/dtheta_p (x) dF/dtheta_p (x')), one entry
 * point for several algorithms ({@link TangentKernelMethod}) that compute the same matrix.
 *
 * <p>Results are {@link TangentKernelMatrix}: [N1*k, N2*k] in full (row i*k + a), traced over outputs to [N1, N2] by
 * {@link OutputTrace#SUM} (the default) or {@link OutputTrace#MEAN}.
 *
 * <p>Instances are immutable configurations (method, Jacobian memory budget, per-seed method of Monte Carlo) and
 * thread-safe; the realizations they are applied to are not (see {@link SameDiffRealization}).
 *
 * <pre>{@code
 * TangentKernelMatrix k = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED).compute(net, x1, x2);
 * INDArray theta = k.traced();                     // [N1, N2], sum over outputs
 * }</pre>
 */
public final class EmpiricalTangentKernel {

    /** The default memory budget of the Jacobian method: 1 GiB. */
    public static final long DEFAULT_MEMORY_BUDGET = 1L << 30;

    private final TangentKernelMethod method;
    private final long memoryBudget;
    private final TangentKernelMethod perSampleMethod;

    private EmpiricalTangentKernel(TangentKernelMethod method, long memoryBudget, TangentKernelMethod perSampleMethod) {
        this.method = method;
        this.memoryBudget = memoryBudget;
        this.perSampleMethod = perSampleMethod;
    }

    /** A kernel computer with the given method, a budget of {@link #DEFAULT_MEMORY_BUDGET} and STRUCTURED per sample. */
    public static EmpiricalTangentKernel of(TangentKernelMethod method) {
        Objects.requireNonNull(method, "method = null: expected one of " + Arrays.toString(TangentKernelMethod.values()));
        return new EmpiricalTangentKernel(method, DEFAULT_MEMORY_BUDGET, TangentKernelMethod.STRUCTURED);
    }

    /**
     * The same with another bound on the Jacobian blocks held at once (bytes); applies to JACOBIAN and to the
     * fallback parameters of STRUCTURED (and bounds the example blocks of STRUCTURED's position-pair form of a
     * convolution). It must hold two points' Jacobian rows (2 * k * P * 8 bytes).
     */
    public EmpiricalTangentKernel withMemoryBudget(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("memoryBudget = " + bytes + ": expected a positive number of bytes");
        }
        return new EmpiricalTangentKernel(method, bytes, perSampleMethod);
    }

    /** The same with the method used for each sample of MONTE_CARLO (JACOBIAN or STRUCTURED). */
    public EmpiricalTangentKernel withPerSampleMethod(TangentKernelMethod m) {
        Objects.requireNonNull(m, "perSampleMethod = null: expected JACOBIAN or STRUCTURED");
        if (m == TangentKernelMethod.MONTE_CARLO) {
            throw new IllegalArgumentException("perSampleMethod = " + m + ": expected JACOBIAN or STRUCTURED");
        }
        return new EmpiricalTangentKernel(method, memoryBudget, m);
    }

    public TangentKernelMethod method() {
        return method;
    }

    public long memoryBudget() {
        return memoryBudget;
    }

    /**
     * Theta_theta(X1, X2) of one realization at its current theta (methods JACOBIAN and STRUCTURED).
     *
     * @param x1 [N1, d]
     * @param x2 [N2, d]
     * @throws IllegalArgumentException for MONTE_CARLO (which needs a {@link RealizationFactory}) or bad input
     */
    public TangentKernelMatrix compute(RealizationFunction f, INDArray x1, INDArray x2) {
        if (method == TangentKernelMethod.MONTE_CARLO) {
            throw new IllegalArgumentException("method = MONTE_CARLO averages over initialisations: expected a"
                    + " RealizationFactory (seed -> realization) and seeds, see monteCarlo(...)");
        }
        return single(method, f, x1, x2);
    }

    /** Theta_theta(X, X), [N*k, N*k]. */
    public TangentKernelMatrix compute(RealizationFunction f, INDArray x) {
        return compute(f, x, x);
    }

    /**
     * The Monte Carlo estimates over the seeds: (1/S) sum_s Theta_{theta_s}(X1, X2) (each by the per-sample method)
     * and (1/S) sum_s f_s(X1) f_s(X2)^T. Works for any method setting; the per-sample method decides the inner
     * algorithm.
     */
    public MonteCarloKernels monteCarlo(RealizationFactory factory, long[] seeds, INDArray x1, INDArray x2) {
        Objects.requireNonNull(factory, "factory = null: expected seed -> realization");
        Objects.requireNonNull(seeds, "seeds = null: expected at least one seed");
        if (seeds.length == 0) {
            throw new IllegalArgumentException("seeds = " + Arrays.toString(seeds) + ": expected at least one seed");
        }
        INDArray ntk = null;
        INDArray nngp = null;
        int k = 0;
        Map<String, Contraction> forms = Map.of();
        for (long seed : seeds) {
            RealizationFunction f = factory.realize(seed);
            TangentKernelMatrix t = single(perSampleMethod, f, x1, x2);
            try (Temporaries tmp = new Temporaries()) {
                INDArray f1 = tmp.add(f.apply(x1)).ravel();
                INDArray f2 = tmp.add(f.apply(x2)).ravel();
                INDArray outer = f1.reshape(f1.length(), 1).mmul(f2.reshape(1, f2.length()));
                if (ntk == null) {
                    ntk = t.full();
                    nngp = outer;
                    k = t.outputs();
                    forms = t.contractions();
                } else {
                    ntk.addi(tmp.add(t.full()));
                    nngp.addi(tmp.add(outer));
                }
            }
        }
        ntk.divi(seeds.length);
        nngp.divi(seeds.length);
        return new MonteCarloKernels(new TangentKernelMatrix(ntk, k, forms), new TangentKernelMatrix(nngp, k, Map.of()),
                seeds.length);
    }

    private TangentKernelMatrix single(TangentKernelMethod m, RealizationFunction f, INDArray x1, INDArray x2) {
        Objects.requireNonNull(f, "f = null: expected a realization function");
        INDArray a = checkPoints("x1", f, x1);
        INDArray b = x2 == x1 ? a : checkPoints("x2", f, x2);
        List<String> all = f.parameterNames();
        Map<String, Contraction> forms = new LinkedHashMap<>();
        if (m == TangentKernelMethod.JACOBIAN || !(f instanceof SameDiffRealization sdf)) {
            all.forEach(p -> forms.put(p, Contraction.JACOBIAN));
            return new TangentKernelMatrix(JacobianContraction.contract(f, a, b, all, memoryBudget), f.outputDim(), forms);
        }
        Map<String, StructuredContraction.Site> sites = StructuredContraction.analyse(sdf);
        if (StructuredContraction.mixesExamples(sdf, a == b ? a : Nd4j.vstack(a, b))) {
            sites = Map.of();
        }
        INDArray full = Nd4j.create(DataType.DOUBLE, a.rows() * f.outputDim(), b.rows() * f.outputDim());
        Map<String, Contraction> structured = StructuredContraction.contract(sdf, a, b, sites, full, memoryBudget);
        List<String> fallback = new ArrayList<>();
        for (String p : all) {
            forms.put(p, structured.getOrDefault(p, Contraction.JACOBIAN));
            if (!structured.containsKey(p)) {
                fallback.add(p);
            }
        }
        if (!fallback.isEmpty()) {
            INDArray rest = JacobianContraction.contract(f, a, b, fallback, memoryBudget);
            full.addi(rest);
            Temporaries.release(rest);
        }
        return new TangentKernelMatrix(full, f.outputDim(), forms);
    }

    private static INDArray checkPoints(String name, RealizationFunction f, INDArray x) {
        INDArray m = Checks.finiteMatrix(name, x);
        Checks.columns(name, m, f.inputDim(), "the input dimension d of the realization");
        if (m.rows() < 1) {
            throw new IllegalArgumentException(name + " has 0 rows: expected at least one point");
        }
        return m;
    }
}
