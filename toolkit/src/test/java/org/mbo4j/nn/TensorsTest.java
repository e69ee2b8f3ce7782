package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TensorsTest {
    private static final double[][] ROWS = {{1, 2, 3}, {4, 5, 6.25}};
    private static final double[] COLUMN_MAJOR = {1, 4, 2, 5, 3, 6.25};

    /** The same 2 × 3 matrix in every layout the fast paths and the fallback see. */
    private static INDArray[] layouts(DataType type) {
        INDArray c = Nd4j.create(ROWS).castTo(type).dup('c');
        INDArray f = c.dup('f');
        INDArray wideF = Nd4j.create(type, new long[] {2, 5}, 'f');
        INDArray offsetF = wideF.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)); // contiguous, offset 4
        offsetF.assign(c);
        INDArray wideC = Nd4j.create(type, new long[] {2, 5}, 'c');
        INDArray strided = wideC.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)); // not contiguous
        strided.assign(c);
        return new INDArray[] {c, f, offsetF, strided};
    }

    @Test
    void columnMajorReadsEveryLayoutAndType() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (INDArray m : layouts(type)) {
                assertArrayEquals(
                        COLUMN_MAJOR, Tensors.columnMajor(m), 0.0, type + " " + m.ordering() + " offset " + m.offset());
            }
        }
    }

    @Test
    void assignColumnMajorWritesInPlaceAndRoundsAsACast() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (INDArray m : layouts(type)) {
                m.assign(0);
                double[] v = {0.1, 4, 2, 5, 3, 6.25};
                Tensors.assignColumnMajor(m, v);
                INDArray want = Nd4j.create(v, new long[] {2, 3}, 'f').castTo(type);
                assertEquals(want, m.dup('f'), type + " " + m.ordering());
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensors.assignColumnMajor(Nd4j.create(DataType.FLOAT, 2, 3), new double[5]));
    }

    @Test
    void copyBetweenLayoutsKeepsEveryValueAndTouchesNothingElse() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (INDArray src : layouts(type)) {
                INDArray wide = Nd4j.create(type, new long[] {2, 5}, 'f').assign(-1);
                INDArray dst = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
                Tensors.copy(src, dst);
                assertArrayEquals(COLUMN_MAJOR, Tensors.columnMajor(dst), 0.0);
                assertEquals(-1.0, wide.getDouble(0, 0), 0.0);
                assertEquals(-1.0, wide.getDouble(1, 4), 0.0);
                INDArray c = Nd4j.create(type, new long[] {2, 3}, 'c');
                Tensors.copy(src, c);
                assertArrayEquals(COLUMN_MAJOR, Tensors.columnMajor(c), 0.0);
            }
        }
        // different types go through ND4J's assign, which casts
        INDArray d = Nd4j.create(DataType.DOUBLE, 2, 3);
        Tensors.copy(layouts(DataType.FLOAT)[0], d);
        assertArrayEquals(COLUMN_MAJOR, Tensors.columnMajor(d), 0.0);
    }
}
