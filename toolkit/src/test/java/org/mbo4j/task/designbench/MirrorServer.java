package org.mbo4j.task.designbench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Three test mirrors on one JDK {@link HttpServer} bound to 127.0.0.1 on a free port: {@code /dead} answers 404 to
 * everything, {@code /corrupt} serves each known file with its last byte flipped, {@code /good} serves the files as
 * given (404 for unknown paths). Every request is logged as {@code <mirror name> <relative path>}, in arrival order.
 */
public final class MirrorServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private MirrorServer(Map<String, byte[]> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/dead", ex -> answer(ex, "dead", null));
        server.createContext("/corrupt", ex -> {
            byte[] good = files.get(relative(ex, "corrupt"));
            answer(ex, "corrupt", good == null ? null : corrupt(good));
        });
        server.createContext("/good", ex -> answer(ex, "good", files.get(relative(ex, "good"))));
        server.start();
    }

    /** Starts serving {@code files} (relative path to content). */
    public static MirrorServer start(Map<String, byte[]> files) {
        try {
            return new MirrorServer(Map.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content {@code /corrupt} serves for {@code good}: a copy with the last byte flipped. */
    public static byte[] corrupt(byte[] good) {
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 0x5A;
        return bad;
    }

    /** Base URL of one mirror ({@code dead}, {@code corrupt} or {@code good}). */
    public String base(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** The requests received so far, as {@code <mirror> <relative path>}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private static String relative(HttpExchange ex, String name) {
        return ex.getRequestURI().getPath().substring(name.length() + 2);
    }

    private void answer(HttpExchange ex, String name, byte[] body) throws IOException {
        requests.add(name + " " + relative(ex, name));
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
