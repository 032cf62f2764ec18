package org.tangent4j.core.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A JUnit 5 extension ({@code @ExtendWith(Float64.class)}) that sets ND4J's default data types to float64 for a test
 * class and restores the previous defaults afterwards, so that no test leaves a process-wide setting changed for the
 * tests that run after it in the same JVM.
 */
public final class Float64 implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Float64.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("previous", new DataType[] {Nd4j.dataType(), Nd4j.defaultFloatingPointType()});
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DataType[] previous = context.getStore(NAMESPACE).remove("previous", DataType[].class);
        if (previous != null) {
            Nd4j.setDefaultDataTypes(previous[0], previous[1]);
        }
    }
}
