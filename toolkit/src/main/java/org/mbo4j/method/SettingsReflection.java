package org.mbo4j.method;

import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The reflection behind {@link MethodSettings#with} and {@link MethodSettings#describe}. */
final class SettingsReflection {
    private SettingsReflection() {}

    static String componentName(MethodSettings.Component<?, ?> c) {
        try {
            var writeReplace = c.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return ((SerializedLambda) writeReplace.invoke(c)).getImplMethodName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "with(...) needs a record accessor reference such as "
                            + "Settings::epochs, not a lambda or another function",
                    e);
        }
    }

    static <S extends Record> S copy(S record, String name, Object value) {
        RecordComponent[] rc = record.getClass().getRecordComponents();
        Object[] args = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        int target = -1;
        try {
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                if (rc[i].getName().equals(name)) target = i;
                args[i] = i == target ? value : rc[i].getAccessor().invoke(record);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read the settings record " + record.getClass().getName(), e);
        }
        if (target < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a component of "
                    + record.getClass().getSimpleName() + "; pass one of its accessors, e.g. Settings::epochs");
        }
        Class<?> type = types[target];
        Class<?> boxed = MethodType.methodType(type).wrap().returnType();
        if (value == null ? type.isPrimitive() : !boxed.isInstance(value)) {
            throw new IllegalArgumentException("setting '" + name + "' of "
                    + record.getClass().getSimpleName()
                    + " is a " + type.getSimpleName() + ", not "
                    + (value == null ? "null" : "a " + value.getClass().getSimpleName() + " (" + value + ")")
                    + "; pass a " + type.getSimpleName() + " value, e.g. 5 rather than 5L for an int, 0.1 rather than "
                    + "1 for a double");
        }
        try {
            Constructor<?> c = record.getClass().getDeclaredConstructor(types);
            c.setAccessible(true);
            @SuppressWarnings("unchecked")
            S out = (S) c.newInstance(args);
            return out;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot copy the settings record " + record.getClass().getName(), e);
        }
    }

    static String describe(Record record) {
        List<String> tokens = new ArrayList<>();
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            Setting s = rc.getAnnotation(Setting.class);
            if (s != null && s.omit()) continue;
            Object v;
            try {
                v = rc.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + rc.getName(), e);
            }
            String token = token(rc, s, v);
            if (token == null) continue;
            if (s != null && s.attach() && !tokens.isEmpty()) {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + token);
            } else {
                tokens.add(token);
            }
        }
        return String.join(" ", tokens);
    }

    /** The text of one component, or null for nothing. */
    private static String token(RecordComponent rc, Setting s, Object v) {
        String key = s == null || s.key().equals(Setting.UNSET) ? snake(rc.getName()) : s.key();
        if (v instanceof Boolean b) return b ? key : null;
        if (v instanceof MethodSettings<?> nested) return nested.describe();
        if (s != null && !s.zero().equals(Setting.UNSET) && v instanceof Number n && n.doubleValue() == 0) {
            return s.zero().isEmpty() ? null : (key.isEmpty() ? "" : key + "=") + s.zero();
        }
        Object arg = v instanceof List<?> || v instanceof Enum<?> ? plain(v) : v;
        String value = s != null && !s.format().isEmpty() ? String.format(Locale.ROOT, s.format(), arg) : plain(v);
        return key.isEmpty() ? value : key + "=" + value;
    }

    private static String plain(Object v) {
        if (v instanceof List<?> l) {
            return "["
                    + String.join(",", l.stream().map(SettingsReflection::plain).toList()) + "]";
        }
        if (v instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        if (v instanceof Double || v instanceof Float) return String.format(Locale.ROOT, "%.3g", v);
        return String.valueOf(v);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
