package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pre-norm transformer block as minGPT's {@code Block} ({@code mingpt/model_discrete.py} lines 88–106):
 * x ← x + drop(attn(ln₁(x))); x ← x + drop(W₂·GELU(W₁·ln₂(x))) with the MLP 4× wider than the embedding.
 */
final class TransformerBlock implements Module {
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final CausalSelfAttention attn;
    private final Linear fc;
    private final Gelu gelu = new Gelu();
    private final Linear fc2;
    private final Dropout attnResid;
    private final Dropout mlpResid;
    private final Map<Long, INDArray[]> buffers = new HashMap<>();
    private INDArray[] last;

    TransformerBlock(String name, int embed, int heads, double dropout, DataType type) {
        ln1 = new LayerNorm(name + ".ln1", embed, type);
        ln2 = new LayerNorm(name + ".ln2", embed, type);
        attn = new CausalSelfAttention(name + ".attn", embed, heads, dropout, type);
        fc = new Linear(name + ".mlp.0", embed, 4 * embed, type);
        fc2 = new Linear(name + ".mlp.2", 4 * embed, embed, type);
        attnResid = new Dropout(dropout);
        mlpResid = new Dropout(dropout);
    }

    /** The dense layers (their weights are decayed; minGPT's {@code configure_optimizers}). */
    List<Linear> linears() {
        return List.of(attn.qkv(), attn.proj(), fc, fc2);
    }

    List<LayerNorm> norms() {
        return List.of(ln1, ln2);
    }

    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(ln1.parameters());
        ps.addAll(attn.parameters());
        ps.addAll(ln2.parameters());
        ps.addAll(fc.parameters());
        ps.addAll(fc2.parameters());
        return ps;
    }

    /** The block's output (its buffer) for sequences of {@code t} tokens; {@code rng} null = evaluation mode. */
    INDArray forward(INDArray x, int t, SplittableRandom rng) {
        INDArray[] b = buffers.computeIfAbsent((long) x.columns(), n -> new INDArray[] {
            Nd4j.create(x.dataType(), x.shape(), 'f'), // x1
            Nd4j.create(x.dataType(), x.shape(), 'f'), // y
            Nd4j.create(x.dataType(), x.shape(), 'f'), // dx1
            Nd4j.create(x.dataType(), x.shape(), 'f') // dx
        });
        INDArray a = attnResid.forward(attn.forward(ln1.forward(x), t, rng), rng);
        add(x, a, b[0]);
        INDArray f = mlpResid.forward(fc2.forward(gelu.forward(fc.forward(ln2.forward(b[0])))), rng);
        add(b[0], f, b[1]);
        last = b;
        return b[1];
    }

    /** Accumulates every parameter's gradient; returns dx (the block's buffer). */
    INDArray backward(INDArray dy) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        INDArray dm = ln2.backward(fc.backward(gelu.backward(fc2.backward(mlpResid.backward(dy), true)), true));
        add(dy, dm, last[2]);
        INDArray da = ln1.backward(attn.backward(attnResid.backward(last[2])));
        add(last[2], da, last[3]);
        return last[3];
    }

    /** out ← a + b (same shape, contiguous). */
    static void add(INDArray a, INDArray b, INDArray out) {
        if (a.dataType() == DataType.FLOAT
                && b.dataType() == DataType.FLOAT
                && out.dataType() == DataType.FLOAT
                && Tensors.hostContiguous(a)
                && Tensors.hostContiguous(b)
                && Tensors.hostContiguous(out)
                && a.length() == out.length()
                && b.length() == out.length()) {
            FloatKernels.INSTANCE.add(
                    Tensors.hostBytes(a), Tensors.hostBytes(b), Tensors.hostBytes(out), 0, (int) out.length());
            return;
        }
        Host ha = Host.of(a), hb = Host.of(b), ho = Host.of(out);
        for (int i = 0; i < ha.length(); i++) ho.set(i, ha.get(i) + hb.get(i));
    }
}
