package org.tangent4j.autodiff.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.CostFunctional;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.RandomFeatures;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;

class GradientDescentTest {

    static final INDArray X = gaussian(1, 8, 2);
    static final INDArray Y = X.getColumn(0).mul(X.getColumn(1)).reshape(8, 1);

    static RealizationFunction features(long seed) {
        return RandomFeatures.relu(gaussian(seed, 2, 50), gaussian(seed + 1, 1, 50).reshape(50), 1, seed + 2);
    }

    /**
     * The equivalence for the linear random-features model: gradient descent on theta and functional gradient
     * descent f_{t+1}(Z) = f_t(Z) - (eta/N) Theta(Z, X) d_t with its (constant) tangent kernel give the same function
     * at every tracked step, on probe points that are not training points (1e-10).
     */
    @Test
    void randomFeaturesParameterAndFunctionSpaceTrajectoriesAgree() {
        for (CostFunctional c : new CostFunctional[] {Costs.squared(), Costs.huber(0.3)}) {
            RealizationFunction net = features(7);
            CompiledCost cost = CompiledCost.of(c, 1);
            INDArray probes = gaussian(3, 5, 2);
            INDArray thetaZX = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(net, Nd4j.concat(0, X, probes), X).full();
            INDArray f = net.apply(Nd4j.concat(0, X, probes));     // function-space state on X and the probes
            TrainingRecord r = GradientDescent.train(net, cost, X, Y, TrainingOptions.fullBatch(0.5, 30).withProbes(probes).withTrackEvery(1));
            for (Snapshot s : r.snapshots()) {
                assertClose(s.outputs(), f.getRows(8, 9, 10, 11, 12), 1e-10, 1e-12);
                INDArray dual = cost.dual(f.getRows(0, 1, 2, 3, 4, 5, 6, 7), Y);
                f.subi(cost.kernelGradient(thetaZX, dual).muli(0.5));
            }
            // The model is linear in theta: its tangent kernel does not move.
            assertThat(r.last().kernelDrift()).isLessThan(1e-12);
        }
    }

    @Test
    void weightMotionAndL2PenaltyAreWhatTheyClaim() {
        RealizationFunction net = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 32, 1, 4);
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        INDArray theta0 = net.parameters();
        double c0 = cost.value(net.apply(X), Y);
        INDArray g = cost.parameterGradient(net, X, Y);
        TrainingRecord r = GradientDescent.train(net, cost, X, Y, TrainingOptions.fullBatch(0.1, 1).withL2(0.01));
        // One step by hand: theta_1 = theta_0 - eta (g + lambda theta_0).
        INDArray expected = theta0.sub(g.add(theta0.mul(0.01)).mul(0.1));
        assertClose(net.parameters(), expected, 1e-12, 1e-14);
        INDArray moved = expected.sub(theta0);
        assertClose(r.last().maxWeightChange(), moved.amaxNumber().doubleValue(), 1e-10, 0);
        assertClose(r.last().weightDistance(), moved.norm2Number().doubleValue(), 1e-10, 0);
        assertClose(r.loss()[0], c0 + 0.005 * theta0.mul(theta0).sumNumber().doubleValue(), 1e-12, 0);
    }

    @Test
    void miniBatchesAreReproducibleFromTheSeed() {
        TrainingOptions o = TrainingOptions.fullBatch(0.2, 12).withMiniBatches(3, 99);
        RealizationFunction a = features(5);
        RealizationFunction b = features(5);
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        GradientDescent.train(a, cost, X, Y, o);
        GradientDescent.train(b, cost, X, Y, o);
        assertClose(a.parameters(), b.parameters(), 0, 0);
        RealizationFunction c = features(5);
        GradientDescent.train(c, cost, X, Y, TrainingOptions.fullBatch(0.2, 12));
        assertThat(c.parameters().equalsWithEps(a.parameters(), 1e-9)).isFalse();
    }

    @Test
    void divergentLearningRateIsRefusedBeforeTraining() {
        RealizationFunction net = features(3);
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        double limit = GradientDescent.stableLearningRate(net, cost, X);
        INDArray before = net.parameters();
        assertThatThrownBy(() -> GradientDescent.train(net, cost, X, Y, TrainingOptions.fullBatch(1.01 * limit, 5)))
                .hasMessageContaining("above the stability bound").hasMessageContaining("N = 8");
        assertClose(net.parameters(), before, 0, 0);
    }

    @Test
    void nonFiniteCostStopsTrainingAndKeepsTheLastGoodParameters() {
        // A cost without a curvature bound (so no check up front) and a learning rate far beyond stability.
        CostFunctional plain = (sd, f, y) -> {
            SDVariable r = f.sub(y);
            return r.mul(r).sum();
        };
        RealizationFunction net = features(3);
        CompiledCost cost = CompiledCost.of(plain, 1);
        TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> GradientDescent.train(net, cost, X, Y, TrainingOptions.fullBatch(1e3, 500)));
        assertThat(e.getMessage()).contains("at step " + e.step()).contains("learning rate 1000.0");
        assertThat(Double.isFinite(cost.value(net.apply(X), Y))).isTrue();
    }

    /**
     * The linearized network trained in function space equals gradient descent on theta for
     * f_lin = f_0 + J_0 (theta - theta_0) with the explicit Jacobian (two outputs, softmax cross-entropy; 1e-10: the same
     * linear map in another association order).
     */
    @Test
    void linearizedNetworkEqualsParameterDescentWithTheInitialJacobian() {
        RealizationFunction net = DenseNetworks.realize(DenseStack.fullyConnected(1, org.tangent4j.core.arch.SmoothActivation.TANH, 1.0, 0.1), 2, 8, 2, 27);
        INDArray x = X.getRows(0, 1, 2, 3, 4, 5);
        INDArray probes = gaussian(29, 3, 2);
        INDArray y = org.nd4j.linalg.ops.transforms.Transforms.softmax(gaussian(28, 6, 2), true);
        CompiledCost cost = CompiledCost.of(Costs.softmaxCrossEntropy(), 2);
        double eta = 0.5 * GradientDescent.stableLearningRate(net, cost, x);
        INDArray[] path = LinearizedNetwork.of(net, x, probes, TangentKernelMethod.JACOBIAN).train(cost, y, eta, 15);
        INDArray all = Nd4j.vstack(x, probes);
        INDArray j = net.jacobian(all);
        INDArray jx = j.getRows(java.util.stream.IntStream.range(0, 12).toArray());
        INDArray f0 = net.apply(all);
        INDArray delta = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, net.parameterCount(), 1);
        for (int s = 0; s <= 15; s++) {
            INDArray f = f0.add(j.mmul(delta).reshape(9, 2));
            assertClose(path[s], f, 1e-10, 1e-12);
            INDArray d = cost.dual(f.getRows(0, 1, 2, 3, 4, 5), y);
            delta = delta.sub(jx.transpose().mmul(d.reshape(12, 1)).mul(eta / 6));
        }
    }

    /**
     * Mini-batch SGD with a dense network, a checkpoint kept every 3 steps, stopped after 7 of 12 planned steps (as a
     * killed process would be: the newest checkpoint is step 6), resumed in a "fresh process" from disk: parameters,
     * every loss, every snapshot (outputs, drift, weight motion measured from the true theta_0) agree bit for bit with
     * an uninterrupted run of 12 steps.
     */
    @Test
    void trainingResumesFromACheckpointExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        TrainingOptions o = TrainingOptions.fullBatch(0.2, 12).withMiniBatches(3, 5).withTrackEvery(2).withL2(1e-3);
        RealizationFunction once = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 32, 1, 4);
        TrainingRecord full = GradientDescent.train(once, cost, X, Y, o);

        RealizationFunction first = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 32, 1, 4);
        java.nio.file.Path ck = dir.resolve("ck");
        int[] reached = {0};
        assertThatThrownBy(() -> GradientDescent.train(first, cost, X, Y, o.withCheckpoints(ck, 3), t -> {
            reached[0] = t;
            if (t == 7) {
                throw new IllegalStateException("killed");
            }
        })).hasMessage("killed");
        assertThat(reached[0]).isEqualTo(7);

        RealizationFunction fresh = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 32, 1, 99);
        Checkpoint c = Checkpoint.load(ck);
        assertThat(c.step()).isEqualTo(6);
        TrainingRecord resumed = GradientDescent.resume(fresh, cost, X, Y, o.withCheckpoints(ck, 3), c, t -> { });
        assertClose(fresh.parameters(), once.parameters(), 0, 0);
        assertThat(resumed.loss()).containsExactly(full.loss());
        assertThat(resumed.snapshots()).hasSameSizeAs(full.snapshots());
        for (int i = 0; i < full.snapshots().size(); i++) {
            Snapshot a = resumed.snapshots().get(i);
            Snapshot b = full.snapshots().get(i);
            assertThat(a.step()).isEqualTo(b.step());
            assertThat(a.kernelDrift()).isEqualTo(b.kernelDrift());
            assertThat(a.weightDistance()).isEqualTo(b.weightDistance());
            assertThat(a.maxWeightChange()).isEqualTo(b.maxWeightChange());
            assertClose(a.outputs(), b.outputs(), 0, 0);
        }
        assertThat(Checkpoint.load(ck).step()).isEqualTo(12); // the resumed run kept the checkpoint up to date
        try (var folders = java.nio.file.Files.list(ck)) {
            assertThat(folders.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("latest", "step-000000012");
        }
    }

    /** Resuming with other settings, a wrong network, or from a damaged folder: clear messages. */
    @Test
    void resumingRefusesWhatWouldNotContinueTheRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        TrainingOptions o = TrainingOptions.fullBatch(0.3, 4).withCheckpoints(dir, 2);
        RealizationFunction net = features(11);
        GradientDescent.train(net, cost, X, Y, o);
        Checkpoint c = Checkpoint.load(dir);
        assertThat(c.step()).isEqualTo(4);
        assertThatThrownBy(() -> GradientDescent.resume(features(11), cost, X, Y, TrainingOptions.fullBatch(0.2, 8), c, t -> { }))
                .hasMessageContaining("learningRate = 0.2 but the checkpoint was trained with 0.3");
        assertThatThrownBy(() -> GradientDescent.resume(features(11), cost, X, Y, o.withSteps(3), c, t -> { }))
                .hasMessageContaining("steps = 3: expected at least the checkpoint's step 4");
        RealizationFunction other = RandomFeatures.relu(gaussian(3, 2, 20), gaussian(4, 1, 20).reshape(20), 1, 5);
        assertThatThrownBy(() -> GradientDescent.resume(other, cost, X, Y, o.withSteps(8), c, t -> { }))
                .hasMessageContaining("checkpoint theta has 50 parameters, the network 20");
        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("nothing"))).hasMessageContaining("no checkpoint in");
        java.nio.file.Files.writeString(dir.resolve("latest"), "four");
        assertThatThrownBy(() -> Checkpoint.load(dir)).hasMessageContaining("holds 'four'");
        java.nio.file.Files.writeString(dir.resolve("latest"), "step-000000004");
        java.nio.file.Files.delete(dir.resolve("step-000000004").resolve("theta.npy"));
        assertThatThrownBy(() -> Checkpoint.load(dir)).hasMessageContaining("theta.npy");
    }

    /**
     * Resume compares every setting and the data bit for bit: a learning rate, a probe point or a training input that
     * differs by 1e-9 (far below INDArray.equals' tolerance of 1e-5) is refused, so a resumed run is bit-identical.
     */
    @Test
    void resumingRefusesSettingsOrDataThatDifferByOneBillionth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        INDArray probes = gaussian(21, 3, 2);
        TrainingOptions o = TrainingOptions.fullBatch(0.3, 2).withProbes(probes).withCheckpoints(dir, 2);
        GradientDescent.train(features(11), cost, X, Y, o);
        Checkpoint c = Checkpoint.load(dir);
        INDArray nearProbes = probes.dup();
        nearProbes.putScalar(1, 1, probes.getDouble(1, 1) + 1e-9);
        assertThat(nearProbes.equals(probes)).as("INDArray.equals tolerates 1e-9").isTrue();
        assertThatThrownBy(() -> GradientDescent.resume(features(11), cost, X, Y, o.withSteps(4).withProbes(nearProbes), c,
                t -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probes differ");
        assertThatThrownBy(() -> GradientDescent.resume(features(11), cost, X, Y,
                TrainingOptions.fullBatch(0.3 + 1e-9, 4).withProbes(probes), c, t -> { }))
                .hasMessageContaining("learningRate = 0.300000001 but the checkpoint was trained with 0.3");
        INDArray nearX = X.dup();
        nearX.putScalar(0, 0, X.getDouble(0, 0) + 1e-9);
        assertThatThrownBy(() -> GradientDescent.resume(features(11), cost, nearX, Y, o.withSteps(4), c, t -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ from the training data");
        // the same settings and data do resume
        assertThat(GradientDescent.resume(features(11), cost, X, Y, o.withSteps(4), c, t -> { }).loss()).hasSize(5);
    }

    /** Records holding arrays copy them: changing an input after construction, or an output, changes nothing. */
    @Test
    void recordsDoNotShareTheirArrays() {
        INDArray probes = gaussian(22, 3, 2);
        TrainingOptions o = TrainingOptions.fullBatch(0.1, 1).withProbes(probes);
        INDArray before = probes.dup();
        probes.addi(1);
        o.probes().addi(1);
        assertClose(o.probes(), before, 0, 0);
        INDArray outputs = gaussian(23, 3, 1);
        Snapshot s = new Snapshot(0, outputs, 0, 0, 0);
        outputs.muli(2);
        s.outputs().muli(2);
        assertClose(s.outputs(), gaussian(23, 3, 1), 0, 0);
        INDArray theta0 = gaussian(24, 5, 1).reshape(5);
        TrainingRecord r = new TrainingRecord(new double[] {1}, java.util.List.of(s), theta0);
        theta0.addi(1);
        r.initialParameters().addi(1);
        assertClose(r.initialParameters(), gaussian(24, 5, 1).reshape(5), 0, 0);
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        CompiledCost.Evaluation e = cost.evaluate(gaussian(25, 4, 1), gaussian(26, 4, 1));
        INDArray dual = e.dual();
        e.dual().muli(7);
        assertClose(e.dual(), dual, 0, 0);
    }

    /** The error policy in training: null names the argument, divergence is a DivergenceException. */
    @Test
    void trainingFollowsTheErrorPolicy() {
        CompiledCost cost = CompiledCost.of(Costs.squared(), 1);
        assertThatThrownBy(() -> GradientDescent.train(null, cost, X, Y, TrainingOptions.fullBatch(0.1, 1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("net = null");
        assertThatThrownBy(() -> GradientDescent.train(features(3), cost, null, Y, TrainingOptions.fullBatch(0.1, 1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("x = null");
        assertThatThrownBy(() -> DenseNetworks.realize(null, 2, 4, 1, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("stack = null");
        assertThat(org.tangent4j.core.failure.DivergenceException.class).isAssignableFrom(TrainingDivergedException.class);
    }
}
