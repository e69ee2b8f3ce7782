package org.mbo4j.task;

/** A named objective with its direction. */
public record Objective(String name, Direction direction) {
    public Objective {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an objective needs a name");
        if (direction == null) throw new IllegalArgumentException("objective '" + name + "' needs a direction");
    }

    public static Objective maximize(String name) {
        return new Objective(name, Direction.MAXIMIZE);
    }

    public static Objective minimize(String name) {
        return new Objective(name, Direction.MINIMIZE);
    }
}
