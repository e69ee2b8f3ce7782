package org.mbo4j.nn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.nio.FloatBuffer;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN's direct convolution primitives for one {@link Conv1d} at one (batch, length): the forward product without
 * bias, the weight gradient and the input gradient of a float32 1-D convolution or its transpose (oneDNN's
 * deconvolution), on activations held channels-last ({@code nwc}, the token-major layout of {@link Conv1d}) in native
 * float buffers, with the weights read from and the weight gradient added into the layer's own F-order parameters
 * through reorders. The bias and its gradient stay with {@link Conv1d} (in float64, as in its GEMM path).
 *
 * <p>Why: {@link Conv1d}'s tap GEMMs have the channel count as inner dimension; oneDNN's direct kernels ran the GTG
 * U-Net's shapes 1.3–1.5 times faster (docs/methods/gtg.md, Cost). The results agree with the GEMM path to float32
 * rounding ({@code DnnlConvTest}); the summation order differs, so which path runs is fixed per JVM
 * ({@link #ENABLED}). Not thread-safe; the native objects live as long as the layer's cache.
 */
final class DnnlConv {
    /**
     * Whether float32 convolutions use oneDNN's primitives: when the JVM's GEMM library is oneDNN ({@link Gemm}) and
     * {@code MBO4J_CONV} (or the system property {@code mbo4j.conv}) is not {@code gemm}.
     */
    static final boolean ENABLED = Gemm.library() == Gemm.Library.ONEDNN
            && !"gemm".equals(System.getProperty("mbo4j.conv", System.getenv("MBO4J_CONV")));

    private static dnnl_engine engine;
    private static dnnl_stream stream;

    private final dnnl_primitive forward;
    private final dnnl_primitive backwardWeights;
    private final dnnl_primitive backwardData;
    private final dnnl_primitive toForwardWeights;
    private final dnnl_primitive toBackwardWeights;
    private final dnnl_primitive addWeightGradient;
    private final dnnl_memory userWeights;
    private final dnnl_memory userWeightGrad;
    private final dnnl_memory forwardWeights;
    private final dnnl_memory backwardDataWeights;
    private final dnnl_memory weightGrad;
    private final dnnl_memory src;
    private final dnnl_memory dst;
    private final dnnl_memory diffDst;
    private final dnnl_memory diffSrc;
    private final FloatPointer srcBuffer;
    private final FloatPointer dstBuffer;
    private final FloatPointer diffDstBuffer;
    private final FloatPointer diffSrcBuffer;
    private final String implementations;

    /** The weights and weight gradient in the primitives' layouts (held here: the memory objects do not own them). */
    private final FloatPointer[] weightBuffers;

    /**
     * @param in         input channels
     * @param out        output channels
     * @param kernel     kernel width
     * @param stride     stride
     * @param padding    zero padding on both sides
     * @param transposed the transpose ({@code ConvTranspose1d}) rather than the convolution
     * @param batch      sequences per call
     * @param length     input positions per sequence
     * @param outLength  output positions per sequence ({@link Conv1d#outputLength})
     */
    DnnlConv(
            int in,
            int out,
            int kernel,
            int stride,
            int padding,
            boolean transposed,
            int batch,
            int length,
            int outLength) {
        init();
        dnnl_memory_desc_t srcMd = tagged(new long[] {batch, in, length}, dnnl_nwc);
        dnnl_memory_desc_t dstMd = tagged(new long[] {batch, out, outLength}, dnnl_nwc);
        long[] dims = {out, in, kernel};
        // our layouts (Conv1d): convolution out × (k·in), W[o, c, i] at o + out·(i·in + c); transpose in × (k·out),
        // W[c, o, i] at c + in·(i·out + o); oneDNN's weights are (out, in, k) for both
        long[] strides = transposed ? new long[] {in, 1, (long) in * out} : new long[] {1, out, (long) out * in};
        dnnl_memory_desc_t user = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(user, 3, dims, dnnl_f32, strides), "weights layout");
        dnnl_memory_desc_t any = tagged(dims, dnnl_format_tag_any);
        long[] s = {stride}, p = {padding};
        int algorithm = transposed ? dnnl_deconvolution_direct : dnnl_convolution_direct;

        dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
        dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
        dnnl_convolution_desc_t dd = new dnnl_convolution_desc_t();
        if (transposed) {
            check(
                    dnnl_deconvolution_forward_desc_init(
                            fd, dnnl_forward_training, algorithm, srcMd, any, null, dstMd, s, p, p),
                    "deconvolution");
            check(
                    dnnl_deconvolution_backward_weights_desc_init(wd, algorithm, srcMd, any, null, dstMd, s, p, p),
                    "deconvolution weight gradient");
            check(
                    dnnl_deconvolution_backward_data_desc_init(dd, algorithm, srcMd, any, dstMd, s, p, p),
                    "deconvolution input gradient");
        } else {
            check(
                    dnnl_convolution_forward_desc_init(
                            fd, dnnl_forward_training, algorithm, srcMd, any, null, dstMd, s, p, p),
                    "convolution");
            check(
                    dnnl_convolution_backward_weights_desc_init(wd, algorithm, srcMd, any, null, dstMd, s, p, p),
                    "convolution weight gradient");
            check(
                    dnnl_convolution_backward_data_desc_init(dd, algorithm, srcMd, any, dstMd, s, p, p),
                    "convolution input gradient");
        }
        dnnl_primitive_desc fpd = descriptor(fd, null, null);
        dnnl_primitive_desc wpd = descriptor(wd, null, fpd);
        dnnl_primitive_desc dpd = descriptor(dd, null, fpd);
        implementations = implementation(fpd) + " / " + implementation(wpd) + " / " + implementation(dpd);
        forward = primitive(fpd);
        backwardWeights = primitive(wpd);
        backwardData = primitive(dpd);

        dnnl_memory_desc_t fw = dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 0);
        dnnl_memory_desc_t bw = dnnl_primitive_desc_query_md(dpd, dnnl_query_weights_md, 0);
        dnnl_memory_desc_t gw = dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 0);
        userWeights = memory(user, null);
        userWeightGrad = memory(user, null);
        weightBuffers = new FloatPointer[] {
            new FloatPointer(dnnl_memory_desc_get_size(fw) / Float.BYTES),
            new FloatPointer(dnnl_memory_desc_get_size(bw) / Float.BYTES),
            new FloatPointer(dnnl_memory_desc_get_size(gw) / Float.BYTES)
        };
        forwardWeights = memory(fw, weightBuffers[0]);
        backwardDataWeights = memory(bw, weightBuffers[1]);
        weightGrad = memory(gw, weightBuffers[2]);
        toForwardWeights = reorder(user, fw, null);
        toBackwardWeights = reorder(user, bw, null);
        dnnl_post_ops sum = new dnnl_post_ops();
        check(dnnl_post_ops_create(sum), "post-ops");
        check(dnnl_post_ops_append_sum(sum, 1f), "sum post-op");
        dnnl_primitive_attr accumulate = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(accumulate), "attributes");
        check(dnnl_primitive_attr_set_post_ops(accumulate, sum), "attributes");
        addWeightGradient = reorder(gw, user, accumulate);

        srcBuffer = new FloatPointer((long) batch * in * length);
        dstBuffer = new FloatPointer((long) batch * out * outLength);
        diffDstBuffer = new FloatPointer((long) batch * out * outLength);
        diffSrcBuffer = new FloatPointer((long) batch * in * length);
        src = memory(srcMd, srcBuffer);
        dst = memory(dstMd, dstBuffer);
        diffDst = memory(dstMd, diffDstBuffer);
        diffSrc = memory(srcMd, diffSrcBuffer);
    }

    /** oneDNN's implementations of the forward pass, the weight gradient and the input gradient (e.g. "jit:avx512_common"). */
    String implementations() {
        return implementations;
    }

    /** The input buffer (B·H·in floats, channels-last): write x here before {@link #forward}. */
    FloatBuffer input() {
        return srcBuffer.asBuffer();
    }

    /** The output buffer (B·H′·out floats) {@link #forward} writes. */
    FloatBuffer output() {
        return dstBuffer.asBuffer();
    }

    /** The output-gradient buffer: write dLoss/dy here before {@link #backward}. */
    FloatBuffer outputGradient() {
        return diffDstBuffer.asBuffer();
    }

    /** The input-gradient buffer {@link #backward} writes when asked. */
    FloatBuffer inputGradient() {
        return diffSrcBuffer.asBuffer();
    }

    /** y = W ⋆ x (no bias) from {@link #input} into {@link #output}, with the layer's current weights. */
    void forward(INDArray weights) {
        check(dnnl_memory_set_data_handle(userWeights, address(weights)), "weights");
        execute(toForwardWeights, DNNL_ARG_FROM, userWeights, DNNL_ARG_TO, forwardWeights);
        execute(forward, DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, forwardWeights, DNNL_ARG_DST, dst);
    }

    /**
     * From {@link #outputGradient} and the last {@link #forward}'s input: adds dLoss/dW into {@code weightGrads} and,
     * when {@code inputGrad}, writes dLoss/dx into {@link #inputGradient} (with the current weights).
     */
    void backward(INDArray weights, INDArray weightGrads, boolean inputGrad) {
        execute(backwardWeights, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_WEIGHTS, weightGrad);
        check(dnnl_memory_set_data_handle(userWeightGrad, address(weightGrads)), "weight gradient");
        execute(addWeightGradient, DNNL_ARG_FROM, weightGrad, DNNL_ARG_TO, userWeightGrad);
        if (!inputGrad) return;
        check(dnnl_memory_set_data_handle(userWeights, address(weights)), "weights");
        execute(toBackwardWeights, DNNL_ARG_FROM, userWeights, DNNL_ARG_TO, backwardDataWeights);
        execute(
                backwardData,
                DNNL_ARG_DIFF_DST,
                diffDst,
                DNNL_ARG_WEIGHTS,
                backwardDataWeights,
                DNNL_ARG_DIFF_SRC,
                diffSrc);
    }

    private static synchronized void init() {
        if (engine != null) return;
        dnnl_engine e = new dnnl_engine();
        check(dnnl_engine_create(e, dnnl_cpu, 0), "the CPU engine");
        dnnl_stream st = new dnnl_stream();
        check(dnnl_stream_create(st, e, dnnl_stream_default_flags), "a stream");
        engine = e;
        stream = st;
    }

    /** The parameter's native address (a whole float32 F-order array, as {@link Conv1d} allocates them). */
    private static Pointer address(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.offset() != 0 || a.ordering() != 'f' || a.isView()) {
            throw new IllegalArgumentException("oneDNN convolutions read whole float32 F-order parameter arrays");
        }
        return a.data().addressPointer();
    }

    private static dnnl_memory_desc_t tagged(long[] dims, int tag) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "a memory layout");
        return md;
    }

    private static dnnl_primitive_desc descriptor(
            dnnl_convolution_desc_t op, dnnl_primitive_attr attr, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(op), attr, engine, hint), "a primitive");
        return pd;
    }

    private static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> name = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, name), "an implementation's name");
        return name.get(BytePointer.class, 0).getString();
    }

    private static dnnl_primitive primitive(dnnl_primitive_desc pd) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), "a primitive");
        return p;
    }

    private static dnnl_primitive reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to, dnnl_primitive_attr attr) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, attr), "a reorder");
        return primitive(pd);
    }

    private static dnnl_memory memory(dnnl_memory_desc_t md, Pointer handle) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, md, engine, handle == null ? new Pointer() : handle), "a memory object");
        return m;
    }

    private static void execute(dnnl_primitive p, Object... args) {
        int n = args.length / 2;
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(n);
        for (int i = 0; i < n; i++) a.position(i).arg((Integer) args[2 * i]).memory((dnnl_memory) args[2 * i + 1]);
        a.position(0);
        check(dnnl_primitive_execute(p, stream, n, a), "a convolution");
        check(dnnl_stream_wait(stream), "a convolution");
        a.close();
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN could not create or run " + what + " (status " + status
                    + "); set MBO4J_CONV=gemm to compute convolutions with GEMMs");
        }
    }
}
