package org.mbo4j.util;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds the providers of a service interface with {@link ServiceLoader} (files {@code META-INF/services/<interface>}
 * in the jars on the class path, e.g. those the launcher adds from {@code MBO4J_CLASSPATH}), each with a description
 * of where it came from, for error messages that name both sides of a clash.
 */
public final class ServiceProviders {
    private ServiceProviders() {}

    /** Registry names must survive the command line's comma-separated lists. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /**
     * Why {@code name} cannot be a registry name of a {@code kind} ("method", "task"), or null when it can: letters,
     * digits and {@code . _ + -}, starting with a letter or digit.
     */
    public static String invalidName(String kind, String name) {
        if (name != null && VALID_NAME.matcher(name).matches()) return null;
        return kind + " name '" + name + "' is not a valid name (letters, digits and . _ + -, starting with a letter "
                + "or digit)";
    }

    /** The one-line error for a {@code kind} name declared by two sources, with the fix. */
    public static IllegalStateException duplicate(String kind, String name, String first, String second) {
        return new IllegalStateException(kind + " '" + name + "' is registered twice: by " + first + " and by " + second
                + ". Fix: rename one, or remove the jar that repeats it from MBO4J_CLASSPATH");
    }

    /**
     * A provider instance and its source.
     *
     * @param provider the instance {@link ServiceLoader} created
     * @param source   its class and the jar or folder it was loaded from, e.g. {@code com.example.MyMethods
     *                 (/home/me/my-methods.jar)}
     */
    public record Found<S>(S provider, String source) {}

    /**
     * Every provider of {@code service} visible to the class loader that loaded {@code service}, in class path order.
     *
     * @param what what the providers register, for messages, e.g. {@code method}
     * @throws IllegalStateException one line naming the service file and the problem when a listed provider cannot
     *                               be loaded or created (missing class, not an implementation, no public no-argument
     *                               constructor, or its constructor failed)
     */
    public static <S> List<Found<S>> load(Class<S> service, String what) {
        return load(service, what, (type, create) -> create.get());
    }

    /**
     * {@link #load(Class, String)}, creating each provider through {@code create}, which gets the provider's class and
     * its constructor call (e.g. to run the constructor inside a guard).
     */
    public static <S> List<Found<S>> load(
            Class<S> service, String what, BiFunction<Class<? extends S>, Supplier<S>, S> create) {
        ClassLoader loader = service.getClassLoader();
        List<Found<S>> out = new ArrayList<>();
        Iterator<ServiceLoader.Provider<S>> it =
                ServiceLoader.load(service, loader).stream().iterator();
        while (true) {
            S s;
            Class<? extends S> type;
            try {
                if (!it.hasNext()) break;
                ServiceLoader.Provider<S> p = it.next();
                type = p.type();
                s = create.apply(type, p::get);
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("malformed " + what + " registration: " + oneLine(describe(e))
                        + " (listed in " + listedIn(service, loader, e) + "). Fix: correct META-INF/services/"
                        + service.getName() + " in that jar, or remove the jar from MBO4J_CLASSPATH");
            }
            out.add(new Found<>(s, source(type)));
        }
        return out;
    }

    /** A class's name and the jar or folder it was loaded from. */
    public static String source(Class<?> type) {
        CodeSource cs = type.getProtectionDomain() == null
                ? null
                : type.getProtectionDomain().getCodeSource();
        URL where = cs == null ? null : cs.getLocation();
        return type.getName() + (where == null ? "" : " (" + where.getPath() + ")");
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause())
            sb.append(": ").append(c);
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** The service files that list a class named in the error, or every service file when none matches. */
    private static String listedIn(Class<?> service, ClassLoader loader, ServiceConfigurationError e) {
        List<String> all = new ArrayList<>();
        List<String> match = new ArrayList<>();
        String message = describe(e);
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/services/" + service.getName()))) {
                all.add(url.getPath());
                try (InputStream in = url.openStream()) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty() && message.contains(name)) {
                            match.add(url.getPath());
                            break;
                        }
                    }
                }
            }
        } catch (IOException io) {
            return "a service file that could not be read: " + io.getMessage();
        }
        return String.join(", ", match.isEmpty() ? all : match);
    }
}
