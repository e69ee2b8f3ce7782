package org.mbo4j.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch reference ({@code perf/torch_reference.py} in {@code .venv-perf}, set up by {@code scripts/perf.sh})
 * as a long-running child process that measures one case per request, so the suite can interleave mbo4j and
 * PyTorch measurements of the same case under the same machine load.
 */
public final class TorchReference implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final JsonNode meta;

    /** Starts the reference (installing its venv on first use) with {@code threads} threads. */
    public TorchReference(Path home, int threads, boolean quick) throws IOException {
        Path script = home.resolve("scripts/perf.sh");
        if (!Files.isRegularFile(script)) throw new IOException("scripts/perf.sh not found under " + home);
        List<String> cmd =
                new ArrayList<>(List.of("bash", script.toString(), "torch", "--threads", Integer.toString(threads)));
        if (quick) cmd.add("--quick");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MBO4J_HOME", home.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        meta = readJson();
        if (!meta.path("ready").asBoolean()) throw new IOException("the PyTorch reference did not start: " + meta);
    }

    /** torch, numpy, python versions and thread count. */
    public JsonNode meta() {
        return meta;
    }

    /** Measures one case; returns its JSON ({@code case, seconds, samples_per_s, gflops}). */
    public JsonNode measure(String name) throws IOException {
        in.write(name + "\n");
        in.flush();
        JsonNode r = readJson();
        if (r.has("error"))
            throw new IOException("PyTorch reference: " + r.get("error").asText() + " (" + name + ")");
        return r;
    }

    private JsonNode readJson() throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("{")) return JSON.readTree(line);
        }
        throw new IOException("the PyTorch reference exited early (exit code "
                + (process.isAlive() ? "?" : process.exitValue()) + "); see the lines above");
    }

    @Override
    public void close() {
        try {
            in.close();
            process.waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
